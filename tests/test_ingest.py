"""The partitioned dataset, incremental parsing and the Dask engine, on generated corpora."""
import json
import shutil

import pandas as pd
import pytest

from wirebrief import Frames, dataset, ingest, report, synthetic
from wirebrief.cli import main
from wirebrief.errors import InputError
from wirebrief.extract import parse

NAMES = dataset.NAMES


def assert_same(a: Frames, b: Frames) -> None:
    for name in NAMES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_like=False, obj=name)


@pytest.fixture(scope="module")
def jsonl_corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("jsonl")
    synthetic.generate(folder, 240, seed=7, per_file=40)
    return folder


def test_generator_is_reproducible_and_varied():
    a = [synthetic.story(i, seed=3) for i in range(200)]
    assert a == [synthetic.story(i, seed=3) for i in range(200)]
    assert a != [synthetic.story(i, seed=4) for i in range(200)]
    assert {s["lang"] for s in a} == {"fr", "en"}
    lengths = sorted(len(s["text"]) for s in a)
    assert lengths[-1] > 3 * lengths[len(lengths) // 2]    # a long tail of long stories
    assert len({s["published"][:7] for s in a}) > 12        # spread over many months


def test_dataset_loads_what_an_in_memory_parse_gives(jsonl_corpus, tmp_path):
    summary = ingest.build(jsonl_corpus, tmp_path / "ds", group_bytes=60_000, chunk=25)
    assert summary.files == 6 and summary.parsed_files == 6 and summary.articles == 240
    stored = Frames.load(tmp_path / "ds")
    memory = parse(jsonl_corpus)
    memory.save(tmp_path / "saved")
    assert_same(stored, Frames.load(tmp_path / "saved"))
    assert len(stored.events) == len(memory.events) > 100
    # many parts were written (25-article chunks), and the months are partitions
    assert len(list((tmp_path / "ds" / "articles.parquet").glob("month=*/*.parquet"))) > 20
    # any Parquet reader sees one table per frame
    assert len(pd.read_parquet(tmp_path / "ds" / "casualties.parquet")) == len(stored.casualties)


def test_load_reads_only_the_window(jsonl_corpus, tmp_path):
    ingest.build(jsonl_corpus, tmp_path / "ds")
    whole = Frames.load(tmp_path / "ds")
    start, end = "2016-03-10", "2016-05-20"
    part = Frames.load(tmp_path / "ds", start=start, end=end)
    expected = report.window(whole, start, end)
    assert 0 < len(part.articles) < len(whole.articles)
    assert sorted(part.articles["article_id"]) == sorted(expected.articles["article_id"])
    assert sorted(part.events["article_id"]) == sorted(expected.events["article_id"])
    months = [d.name for d in dataset._months(tmp_path / "ds" / "events.parquet", start, end)]
    assert months == ["month=2016-03", "month=2016-04", "month=2016-05"]


def test_load_of_a_missing_folder_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no frames folder"):
        Frames.load(tmp_path / "nowhere")


def test_incremental_parse_reparses_only_changed_files(tmp_path):
    corpus = tmp_path / "corpus"
    files = synthetic.generate(corpus, 30, seed=11, fmt="txt")
    out = tmp_path / "ds"

    def counts(s):
        return s.new_files, s.replaced_files, s.kept_files, s.removed_files, s.total_files
    first = ingest.build(corpus, out)
    assert counts(first) == (30, 0, 0, 0, 30)

    again = ingest.build(corpus, out)
    assert counts(again) == (0, 0, 30, 0, 30) and again.articles == 0

    files[3].write_text(files[3].read_text(encoding="utf-8") + "\n\nAu moins 7 civils ont été tués à Alep.",
                        encoding="utf-8")
    files[8].write_text("Deux soldats ont été tués lundi à Homs, selon l'OSDH.", encoding="utf-8")
    files[12].unlink()
    shutil.copy(files[0], corpus / "new-story.txt")
    changed = ingest.build(corpus, out)
    assert counts(changed) == (1, 2, 27, 1, 30) and changed.parsed_files == 3

    fresh = tmp_path / "fresh"
    ingest.build(corpus, fresh, rebuild=True)
    assert_same(Frames.load(out), Frames.load(fresh))
    homs = Frames.load(out).casualties.query("article_id == @files[8].stem")
    assert homs["best"].tolist() == [2]

    forced = ingest.build(corpus, out, rebuild=True)
    assert counts(forced) == (0, 30, 0, 0, 30) and forced.total_articles == 30
    assert_same(Frames.load(out), Frames.load(fresh))


def test_manifest_change_reparses_that_file(tmp_path):
    corpus = tmp_path / "corpus"
    synthetic.generate(corpus, 5, seed=2, fmt="txt")
    ingest.build(corpus, tmp_path / "ds")
    manifest = corpus / "manifest.csv"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(lines[2].split(",")[1], "2016-01-02", 1)
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = ingest.build(corpus, tmp_path / "ds")
    assert summary.parsed_files == 1
    arts = Frames.load(tmp_path / "ds").articles
    assert str(arts.loc[arts["path"].str.endswith(lines[2].split(",")[0]), "published"].iloc[0])[:10] == "2016-01-02"


def test_duplicate_ids_across_groups_are_reported_once(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    rec = {"id": "same", "text": "Trois civils ont été tués à Alep mardi.", "published": "2016-09-20"}
    (corpus / "a.jsonl").write_text(json.dumps(rec) + "\n", encoding="utf-8")
    (corpus / "b.jsonl").write_text(json.dumps({**rec, "text": "Five people died in Homs."}) + "\n",
                                    encoding="utf-8")
    summary = ingest.build(corpus, tmp_path / "ds", group_bytes=10)   # one file per group
    frames = Frames.load(tmp_path / "ds")
    assert frames.articles["article_id"].tolist() == ["same"]
    assert frames.articles["path"].iloc[0].endswith("a.jsonl")
    assert summary.duplicates == 1
    assert frames.errors["message"].str.contains("duplicate article_id 'same'").sum() == 1


def test_dask_engine_writes_the_same_frames(jsonl_corpus, tmp_path):
    local = ingest.build(jsonl_corpus, tmp_path / "local", group_bytes=100_000)
    dask = ingest.build(jsonl_corpus, tmp_path / "dask", engine="dask", workers=2, group_bytes=100_000)
    assert dask.engine == "dask" and dask.articles == local.articles == 240
    assert_same(Frames.load(tmp_path / "local"), Frames.load(tmp_path / "dask"))


def test_cli_parse_options(jsonl_corpus, tmp_path, capsys):
    out = str(tmp_path / "ds")
    assert main(["parse", str(jsonl_corpus), "--out", out]) == 0
    assert "files: 6 new, 0 replaced, 0 kept, 0 removed; 240 articles parsed; " \
           "in total 6 files, 240 articles" in capsys.readouterr().out
    assert main(["parse", str(jsonl_corpus), "--out", out]) == 0
    assert "files: 0 new, 0 replaced, 6 kept, 0 removed; 0 articles parsed; " \
           "in total 6 files, 240 articles" in capsys.readouterr().out
    assert main(["parse", str(jsonl_corpus), "--out", out, "--rebuild"]) == 0
    assert "files: 0 new, 6 replaced, 0 kept, 0 removed; 240 articles parsed; " \
           "in total 6 files, 240 articles" in capsys.readouterr().out
    batch = tmp_path / "batch"
    synthetic.generate(batch, 2, seed=31, fmt="txt")
    assert main(["parse", str(batch), "--out", out]) == 0
    assert "files: 2 new, 0 replaced, 6 kept, 0 removed; 2 articles parsed; " \
           "in total 8 files, 242 articles" in capsys.readouterr().out
    assert main(["parse", str(batch), "--out", out, "--prune"]) == 0
    assert "files: 0 new, 0 replaced, 2 kept, 6 removed; 0 articles parsed; " \
           "in total 2 files, 2 articles" in capsys.readouterr().out


def test_cli_parse_a_missing_path_is_a_one_line_argument_error(tmp_path):
    """A typo on the command line is said at once, in one line, and nothing is written."""
    import subprocess
    import sys
    res = subprocess.run([sys.executable, "-m", "wirebrief.cli", "parse", "nope.txt", "--out", "out"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert res.returncode == 2
    assert res.stderr.splitlines() == ["wirebrief: parse: no such file or folder: nope.txt"]
    assert not (tmp_path / "out").exists()
    (tmp_path / "real").mkdir()
    with pytest.raises(InputError, match="no such file or folder: .*missing"):
        ingest.build([tmp_path / "real", tmp_path / "missing"], tmp_path / "out")


def test_cli_parse_an_empty_corpus_warns_and_fails_only_when_strict(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.docx").write_bytes(b"not a reader's file")
    out = str(tmp_path / "out")
    assert main(["parse", str(tmp_path / "empty"), "--out", out]) == 0
    err = capsys.readouterr().err
    assert f"wirebrief: warning: no file to read in {tmp_path / 'empty'}" in err and ".txt" in err
    assert len(err.splitlines()) == 1
    assert main(["parse", str(tmp_path / "empty"), "--out", out, "--strict"]) == 1
    assert "warning: no file to read" in capsys.readouterr().err
    assert Frames.load(out).articles.empty


def _read_each_frame(out) -> dict[str, pd.DataFrame]:
    """Every frame as any Parquet reader opens it: `pandas.read_parquet("out/<name>.parquet")`."""
    from wirebrief.schema import ALL
    frames = {name: pd.read_parquet(out / f"{name}.parquet") for name in NAMES}
    for name, df in frames.items():
        assert set(ALL[name].names) <= set(df.columns), name
    return frames


def test_every_frame_is_written_even_without_rows(tmp_path):
    """A corpus without errors (or events) still has errors.parquet (events.parquet): an empty table
    in its schema, in Frames.save and in the dataset `wirebrief parse` writes, kept through
    incremental parses that add and remove the last rows of a frame."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "calm.txt").write_text("Le ministre a rencontré son homologue mardi.", encoding="utf-8")
    saved = tmp_path / "saved"
    parse(corpus).save(saved)
    out = tmp_path / "out"
    assert main(["parse", str(corpus), "--out", str(out)]) == 0
    for folder in (saved, out):
        tables = _read_each_frame(folder)
        assert len(tables["articles"]) == 1 and tables["errors"].empty and tables["casualties"].empty
        loaded = Frames.load(folder)
        assert len(loaded.articles) == 1 and loaded.errors.empty
        assert list(loaded.errors.columns) == ["path", "stage", "message", "article_id"]
    # a bad file gives the errors frame its first row, and removing it takes the row away again
    (corpus / "bad.txt").write_bytes(b"\x00\x01\x02\x00" * 50)
    assert main(["parse", str(corpus), "--out", str(out)]) == 0
    assert len(_read_each_frame(out)["errors"]) == 1
    assert not (out / "errors.parquet" / dataset.EMPTY).exists(), "no empty file beside rows"
    (corpus / "bad.txt").unlink()
    assert main(["parse", str(corpus), "--out", str(out)]) == 0
    assert _read_each_frame(out)["errors"].empty and len(Frames.load(out).articles) == 1
    # the last article gone: every frame is an empty table, and a new batch fills them again
    (corpus / "calm.txt").unlink()
    assert main(["parse", str(corpus), "--out", str(out)]) == 0
    assert all(df.empty for df in _read_each_frame(out).values())
    assert Frames.load(out).articles.empty
    batch = tmp_path / "batch"
    synthetic.generate(batch, 3, seed=5, fmt="txt")
    assert main(["parse", str(batch), "--out", str(out)]) == 0
    tables = _read_each_frame(out)
    assert len(tables["articles"]) == 3 and len(tables["casualties"]) == len(Frames.load(out).casualties) > 0
    assert {name: dataset.empty_file(out, name).exists() for name in NAMES} == \
        {name: tables[name].empty for name in NAMES}, "an empty file only where there are no rows"


def _ids(out) -> set[str]:
    return set(Frames.load(out).articles["article_id"])


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_a_new_batch_adds_to_the_dataset_and_only_scanned_deletions_remove(tmp_path, engine):
    """Issue 21: parsing folder B into a dataset made from folder A used to delete all of A."""
    a = synthetic.generate(tmp_path / "A", 6, seed=21, fmt="txt")
    b = synthetic.generate(tmp_path / "B", 4, seed=22, fmt="txt")
    out = tmp_path / "ds"
    opts = {"engine": engine, "workers": 2} if engine == "dask" else {}
    ingest.build(tmp_path / "A", out, **opts)
    second = ingest.build(tmp_path / "B", out, **opts)
    assert _ids(out) == {f.stem for f in a + b}
    assert (second.new_files, second.replaced_files, second.kept_files, second.removed_files) == (4, 0, 6, 0)
    assert (second.total_files, second.total_articles) == (10, 10)
    # the rows are those of a parse of both folders at once
    ingest.build([tmp_path / "A", tmp_path / "B"], tmp_path / "both")
    assert_same(Frames.load(out), Frames.load(tmp_path / "both"))

    a[2].unlink()   # deleted under a folder this run scans: only its rows go
    again = ingest.build(tmp_path / "A", out, **opts)
    assert _ids(out) == {f.stem for f in a + b} - {a[2].stem}
    assert (again.new_files, again.replaced_files, again.kept_files, again.removed_files) == (0, 0, 9, 1)
    assert (again.total_files, again.total_articles) == (9, 9)

    pruned = ingest.build(tmp_path / "B", out, prune=True, **opts)
    assert _ids(out) == {f.stem for f in b}
    assert (pruned.kept_files, pruned.removed_files, pruned.total_files) == (4, 5, 4)
    assert set(dataset.read_index(out)["path"]) == {str(f) for f in b}


def test_parts_left_by_a_killed_parse_are_removed(tmp_path):
    """Killed after moving its parts into place but before writing the index, a parse leaves
    parts no index row names: the next parse removes them instead of counting them twice."""
    corpus = tmp_path / "corpus"
    synthetic.generate(corpus, 12, seed=5, fmt="txt")
    out = tmp_path / "ds"
    ingest.build(corpus, out)
    before = Frames.load(out)
    part = next((out / "articles.parquet").glob("month=*/*.parquet"))
    shutil.copy(part, part.with_name("20991231T000000-dead00-00000-000.parquet"))
    assert len(Frames.load(out).articles) > len(before.articles)   # the orphan counts twice
    ingest.build(corpus, out)
    assert_same(Frames.load(out), before)
