"""Copied reports (issue 13): the report that repeats a neighbour's or last year's, its source and
the shared passages.

- `fingerprint(doc)`: computed per report where it is parsed (in the worker);
- `corpus_pass(levels, prints, previous, options, load, assumed)`: after the batch, decides
  quality.copied-peer and quality.copied-previous and rescores only the reports it changes (the run
  layer streams a batch's records to disk and loads just those); `tentative(report, peers, options)`
  is what a worker renders beforehand; `batch_pass` does the same on a batch's items held in memory;
  the places of the flagged reports' passages are read again from their files by `PlacesJob`s (the
  run layer sends those to the batch's workers);
- `load_previous(path)`: last year's reports from a folder, a report file or an index file;
- `write_index(path, prints)` / `read_index(path)`: the SQLite index of a year's reports.
"""

from __future__ import annotations

from fzcheck.copies.corpus import PEER, PREVIOUS, Matches, Settings, match
from fzcheck.copies.fingerprint import Fingerprint, FingerprintJob, fingerprint
from fzcheck.copies.index import IndexError_, read_index, write_index
from fzcheck.copies.places import PlacesJob
from fzcheck.copies.previous import example_status, load_previous
from fzcheck.copies.verdicts import apply as corpus_pass
from fzcheck.copies.verdicts import batch_pass, tentative

__all__ = [
    "PEER", "PREVIOUS", "Fingerprint", "FingerprintJob", "PlacesJob", "batch_pass", "IndexError_", "Matches", "Settings", "corpus_pass", "example_status",
    "fingerprint", "load_previous", "match", "read_index", "tentative", "write_index",
]
