"""Running batches: walking folders, worker processes, committing results.

`importer` (the `ingest` command's engine: walk, skip what is stored, extract,
write, account for every file), `workers` (the process pool and its limits),
`worker_preload` (what a fork server loads once), `distributed` (Dask shards).

May import everything below it: `models`, `extractors`, `pipeline.read`,
`pipeline.text`, `pipeline.store`, `hetong.pipeline.orchestrate`.
"""
