"""Reading coding sheets back: the table, and an error naming file, row and column for each kind of problem."""

import re

import pandas as pd
import pytest

import framing
from framing.validation.sheets import consensus

HEADER = "unit_id,text,cooperation,balance,security,coder,note\n"


def sheet(tmp_path, name, rows, header=HEADER):
    path = tmp_path / name
    path.write_text(header + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture
def two_sheets(tmp_path):
    ana = sheet(tmp_path, "ana.csv", ['u1,"Troops massed, again.",0,0,1,ana,', "u2,Talks resumed.,1,0,0,ana,sure?"])
    ben = sheet(tmp_path, "ben.csv", ["u1,Troops massed.,0,0,1,ben,", "u2,Talks resumed.,1,1,0,ben,"])
    return ana, ben


def test_sheets_of_two_coders_read_into_one_table(two_sheets):
    codes = framing.read_coding(*two_sheets, sample=["u1", "u2"])
    assert codes.columns.tolist() == ["unit_id", "coder", "text", "cooperation", "balance", "security"]
    assert codes[["unit_id", "coder"]].values.tolist() == [["u1", "ana"], ["u2", "ana"], ["u1", "ben"], ["u2", "ben"]]
    assert codes["balance"].tolist() == [0, 0, 0, 1]
    assert str(codes["security"].dtype) == "Int64"
    long = framing.read_coding(*two_sheets, shape="long")
    assert long.columns.tolist() == ["unit_id", "coder", "frame", "code"]
    assert len(long) == 12 and long[long["frame"] == "balance"]["code"].sum() == 1


def test_majority_consensus_leaves_even_splits_missing(two_sheets):
    gold = consensus(framing.read_coding(*two_sheets))
    assert gold["balance"].tolist()[0] == 0 and pd.isna(gold["balance"].tolist()[1])
    assert gold["cooperation"].tolist() == [0, 1]


def error(*paths, **options):
    with pytest.raises(framing.CodingError) as caught:
        framing.read_coding(*paths, **options)
    return str(caught.value)


def test_a_value_other_than_0_or_1_names_file_row_and_column(tmp_path):
    path = sheet(tmp_path, "s.csv", ["u1,A.,0,0,1,ana,", "u2,B.,yes,0,0,ana,"])
    assert error(path) == (f"{path}: row 2, column 'cooperation': 'yes' is not a code; "
                           "write 1 (the unit evokes the frame) or 0 (it does not)")
    path = sheet(tmp_path, "t.csv", ["u1,A.,0,0,2,ana,"])
    assert "row 1, column 'security': '2' is not a code" in error(path)


def test_blank_cells_are_an_error_unless_allowed(tmp_path):
    path = sheet(tmp_path, "s.csv", ["u1,A.,0,0,1,ana,", "u2,B.,1,,0,ana,"])
    assert error(path) == (f"{path}: row 2, column 'balance' is empty (1 empty cell(s) in the column); every cell "
                           "gets 0 or 1 (pass allow_missing=True to read an unfinished sheet)")
    codes = framing.read_coding(path, allow_missing=True)
    assert codes["balance"].isna().tolist() == [False, True]


def test_unknown_and_missing_frames(tmp_path):
    path = sheet(tmp_path, "s.csv", ["u1,A.,0,0,1,ana,"])
    assert error(path, frames=["cooperation", "security"]) == (
        f"{path}: column 'balance' is not a known frame (frames: cooperation, security); rename or delete the "
        "column, or pass frames= with every frame coded")
    lexicon = framing.load_lexicon({"frames": {"security": {"entries": ["war"]}, "trade": {"entries": ["tariff*"]}}})
    assert "column 'cooperation' is not a known frame (frames: security, trade)" in error(path, frames=lexicon)
    narrow = sheet(tmp_path, "n.csv", ["u1,A.,0,1,ben,"], header="unit_id,text,cooperation,security,coder,note\n")
    assert error(path, narrow) == f"{narrow}: no column for frame 'balance'; add it with a 0 or 1 on every row"


def test_duplicated_units_name_both_rows(tmp_path):
    path = sheet(tmp_path, "s.csv", ["u1,A.,0,0,1,ana,", "u2,B.,0,0,0,ana,", "u1,A.,0,0,1,ana,"])
    assert error(path) == f"{path}: unit 'u1' is coded twice by 'ana' (rows 1, 3); keep one row per unit and coder"


def test_a_missing_coder(tmp_path):
    path = sheet(tmp_path, "s.csv", ["u1,A.,0,0,1,ana,", "u2,B.,0,0,0, ,"])
    assert error(path) == f"{path}: row 2, column 'coder' is empty; write the coder's name or code on every row"
    bare = sheet(tmp_path, "b.csv", ["u1,0,0,1"], header="unit_id,cooperation,balance,security\n")
    assert error(bare) == (f"{bare}: no 'coder' column (columns: unit_id, cooperation, balance, security); "
                           "a coding sheet needs 'unit_id', 'coder' and one column per frame")


def test_the_same_coder_in_two_files(two_sheets, tmp_path):
    again = sheet(tmp_path, "ana2.csv", ["u3,C.,0,0,0,ana,"])
    assert error(two_sheets[0], again) == (f"{again}: coder 'ana' already has a sheet ({two_sheets[0]}); give each "
                                           "coder's codes once, or use different coder names")


def test_rows_missing_from_or_foreign_to_the_sample(two_sheets, tmp_path):
    ana, _ = two_sheets
    assert error(ana, sample=["u1", "u2", "u3"]) == (
        f"{ana}: coder 'ana' has no row for 1 unit(s) of the sample: u3; restore the missing rows from the sample sheet")
    assert error(ana, sample=["u1"]) == (f"{ana}: row 2, unit 'u2' of coder 'ana' is not in the sample "
                                         "(1 such unit(s)); delete the row or fix the unit id")
    sample = tmp_path / "sample.csv"
    pd.DataFrame({"unit_id": ["u1", "u2"], "weight": [1.0, 2.0]}).to_csv(sample, index=False)
    assert len(framing.read_coding(*two_sheets, sample=sample)) == 4
    # coders sharing the units out: each unit needs two coders
    assert re.search(r"1 unit\(s\) of the sample have fewer than two coders' codes in .*: u3",
                     error(*two_sheets, sample=["u1", "u2", "u3"], complete="unit"))


def test_a_missing_file_and_a_file_that_is_not_utf8(tmp_path):
    assert error(tmp_path / "none.csv") == f"{tmp_path / 'none.csv'}: no such coding sheet; give the path of a CSV file"
    latin = tmp_path / "latin.csv"
    latin.write_bytes(HEADER.encode() + "u1,Vu\xe8i\xe6,0,0,1,ana,\n".encode("latin-1"))
    assert "not UTF-8 text" in error(latin)
