"""One lint run: the engine for one file, the pipeline and workers for many, the per-file
guard, cache, baseline, suppressions, selection, configuration and discovery.
"""
