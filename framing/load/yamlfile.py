"""The one YAML parser of the package: safe tags only, and no alias that repeats a list or mapping.

Lexicons, actor lists, ``set.yaml`` and front matter are all read with :func:`parse_yaml`. An alias
(``*name``) to a scalar is fine; an alias to a list or mapping is refused with a
``yaml.MarkedYAMLError`` naming its line, because nested aliases expand exponentially (a 1 KB
"billion laughs" file becomes gigabytes once walked or printed). Callers turn that error into their
own typed error, as they do for any other YAML syntax error.

>>> parse_yaml("a: &x 1\\nb: *x\\n")[0]
{'a': 1, 'b': 1}
>>> try:
...     parse_yaml("a: &x [1, 2]\\nb: *x\\n")
... except yaml.YAMLError as error:
...     print(error.problem, error.problem_mark.line + 1)
alias *x repeats a list or mapping; write the values out instead of using aliases 2
"""

from __future__ import annotations

from typing import Any

import yaml


class _NoExpandingAliasLoader(yaml.SafeLoader):
    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            target = self.anchors.get(event.anchor)
            if target is not None and not isinstance(target, yaml.ScalarNode):
                raise yaml.composer.ComposerError(
                    "while reading the YAML document", None,
                    f"alias *{event.anchor} repeats a list or mapping; write the values out instead of using aliases",
                    event.start_mark)
        return super().compose_node(parent, index)


def parse_yaml(text: str) -> tuple[Any, yaml.Node | None]:
    """Parse one YAML document: the Python value and its node tree (for line numbers), or ``(None, None)``.

    Raises ``yaml.YAMLError`` (``MarkedYAMLError`` with a line and column where known).
    """
    loader = _NoExpandingAliasLoader(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()
