"""Command line: parses arguments, configures logging, connects the parts; no logic of its own.

Exit codes (stable, documented in the README):
  0  every source succeeded / check and validate found nothing wrong
  1  some sources failed / check or validate found problems
  2  usage error: unknown option, unsupported URL scheme, unusable output or config
  75 (crawl) another crawl holds the state file
  130/143 stopped by Ctrl-C / SIGTERM; work finished before the signal is kept
"""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import attrs
import click

from scraper import __version__
from scraper.errors import InvalidURL, ScraperError
from scraper.settings import DEFAULT, Settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 75
EXIT_INTERRUPTED = 128 + signal.SIGINT  # 130, as the shell reports a Ctrl-C


def _configure_logging(verbose: int, quiet: bool, terminal: bool) -> None:
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    if terminal:
        from rich.logging import RichHandler

        handler: logging.Handler = RichHandler(show_time=False, show_path=False, markup=False)
        handler.setFormatter(logging.Formatter("%(message)s"))
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(max(level, logging.WARNING))


def fail(message: str, code: int = EXIT_USAGE) -> None:
    """Print a one-line error and exit with ``code``."""
    click.echo(f"scraper: error: {message}", err=True)
    sys.exit(code)


@contextmanager
def progress_bar(enabled: bool, label: str) -> Iterator[Callable[[str, int], None] | None]:
    """A rich progress bar on a terminal; yields the per-item callback, or None when off."""
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.fields[item]}", style="dim"), transient=True,
    ) as progress:
        task = progress.add_task(label, total=None, item="")

        def advance(item: str, total: int) -> None:
            progress.update(task, total=total, advance=1, item=item[-60:])

        yield advance


def fetch_options(func: Callable) -> Callable:
    """The options every fetching command shares; they fill a Settings copy."""
    options = [
        click.option("--timeout", type=click.FloatRange(min=0.1), default=DEFAULT.timeout, show_default=True,
                     help="Seconds one request may take in all (connecting, headers and body); retries get their own."),
        click.option("--retries", type=click.IntRange(min=0), default=DEFAULT.retries, show_default=True,
                     help="Retries for timeouts, resets, 429 and 5xx (honouring Retry-After)."),
        click.option("--max-bytes", type=click.IntRange(min=1024), default=DEFAULT.max_bytes, show_default=True,
                     help="Largest page accepted, counted after decompression."),
        click.option("--user-agent", default=DEFAULT.user_agent, show_default=True,
                     help="User-Agent header sent with every request."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def format_option(func: Callable) -> Callable:
    from scraper.export import EXPORTERS

    return click.option(
        "--format", "formats", type=click.Choice(sorted(EXPORTERS)), multiple=True, default=("jsonl",), show_default=True,
        help="Output format; repeat for several (parquet needs the [parquet] extra).",
    )(func)


def workers_option(func: Callable) -> Callable:
    return click.option(
        "--workers", type=click.IntRange(min=1), default=DEFAULT.workers,
        help="Processes that extract pages; 1 extracts in this process.  [default: one per usable core]",
    )(func)


def read_sources(sources: tuple[str, ...]) -> Iterator[str]:
    """The sources as given, with ``-`` replaced by the lines of standard input."""
    for source in sources:
        if source != "-":
            yield source
            continue
        # Bytes that are not UTF-8 are kept as surrogate escapes, as Python does for arguments.
        stream = getattr(sys.stdin, "buffer", None)
        lines = (raw.decode("utf-8", "surrogateescape") for raw in stream) if stream is not None else sys.stdin
        for line in lines:
            line = line.strip()
            if line and not line.startswith("#"):
                yield line


def settings_from(timeout: float, retries: int, max_bytes: int, user_agent: str) -> Settings:
    return attrs.evolve(DEFAULT, timeout=timeout, retries=retries, max_bytes=max_bytes, user_agent=user_agent)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="scraper")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Log only errors, no progress bar; the summary line is still printed.")
@click.pass_context
def main(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """Fetch news pages, extract articles and comments into one schema, write JSON Lines."""
    terminal = sys.stderr.isatty()
    _configure_logging(verbose, quiet, terminal)
    ctx.obj = {"progress": terminal and not quiet}


@main.command()
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Directory for articles.jsonl, comments.jsonl and errors.jsonl (appended to).")
@click.option("--concurrency", type=click.IntRange(min=1), default=DEFAULT.concurrency, show_default=True,
              help="Pages fetched or read at once, over all hosts.")
@click.option("--per-host", type=click.IntRange(min=1), default=DEFAULT.per_host, show_default=True,
              help="Requests sent to one host at once; its pages start in the order given.")
@click.option("--delay", type=click.FloatRange(min=0), default=DEFAULT.delay, show_default=True,
              help="Minimum seconds between two request starts to one host.")
@click.option("--warc", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also keep every fetched response in rotating .warc.gz files in this directory "
                   "(with --dask: each host's task writes its own files and warc-index-<host>.jsonl there).")
@click.option("--dask", "dask_address", default=None, metavar="ADDRESS",
              help="Run on a Dask cluster (tcp://host:8786), one task per host; needs the [dask] extra.")
@click.option("--any-page", is_flag=True,
              help="Also write pages that do not read as an article (listings, shops, forums, service pages, "
                   "too little prose) as article records, their not_an_article field and a warning naming why; "
                   "a bot check stays an error.")
@workers_option
@format_option
@fetch_options
@click.pass_context
def scrape(ctx: click.Context, sources: tuple[str, ...], output: Path, concurrency: int, per_host: int,
           delay: float, warc: Path | None, dask_address: str | None, any_page: bool, workers: int | None,
           formats: tuple[str, ...], **fetch: object) -> None:
    """Scrape SOURCEs: http(s) URLs, .html files, or directories of them.

    A SOURCE of - reads more sources from standard input, one per line (blank lines and lines
    starting with # are skipped). Records are appended to OUTPUT as soon as every earlier source
    is done; records already there are not written again. A source that fails (a malformed URL
    too) is written to errors.jsonl and the run goes on. Ctrl-C or SIGTERM stops within seconds,
    keeping every page finished. Exit 0 when every source succeeded, 1 when some failed, 2 on a
    usage error, 130/143 when stopped by Ctrl-C/SIGTERM.
    """
    from scraper.pipeline import check_source
    from scraper.pipeline import scrape as run

    try:
        sources = tuple(read_sources(sources))
    except KeyboardInterrupt:
        fail("interrupted while reading sources from standard input; nothing was scraped", EXIT_INTERRUPTED)
    for source in sources:
        try:
            check_source(source)
        except InvalidURL:
            continue  # one malformed URL among many: recorded as that source's bad_input error
        except ScraperError as exc:
            raise click.UsageError(exc.message) from exc
    settings = attrs.evolve(settings_from(**fetch), concurrency=concurrency, per_host=per_host,  # type: ignore[arg-type]
                            delay=delay, workers=workers, any_page=any_page)
    try:
        if dask_address is not None:
            from scraper.distributed import scrape_on_dask

            summary = scrape_on_dask(dask_address, list(sources), output, settings, formats=formats, warc=warc)
        else:
            with progress_bar(ctx.obj["progress"], "scraping") as advance:
                summary = run(sources, output, settings, formats=formats, on_progress=advance, warc=warc)
    except ScraperError as exc:
        fail(exc.message)
    click.echo(f"scraper: {summary.line()} -> {output}", err=True)
    sys.exit(summary.exit_code)


@main.command()
@click.argument("archives", nargs=-1, required=True, metavar="ARCHIVE...",
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Directory for articles.jsonl, comments.jsonl and errors.jsonl (appended to).")
@click.option("--host", "hosts", multiple=True, help="Only pages of this host or its subdomains; repeatable.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]), default=None,
              help="Only records whose WARC-Date is at or after this UTC date or time.")
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]), default=None,
              help="Only records whose WARC-Date is before this UTC date or time.")
@click.option("--max-bytes", type=click.IntRange(min=1024), default=DEFAULT.max_bytes, show_default=True,
              help="Largest page accepted, counted after decompression.")
@click.option("--dask", "dask_address", default=None, metavar="ADDRESS",
              help="Run on a Dask cluster (tcp://host:8786), one task per archive; needs the [dask] extra.")
@click.option("--any-page", is_flag=True,
              help="Also write pages that do not read as an article as article records, their not_an_article field "
                   "and a warning naming why.")
@workers_option
@format_option
@click.pass_context
def extract(ctx: click.Context, archives: tuple[Path, ...], output: Path, hosts: tuple[str, ...], since: datetime | None,
            until: datetime | None, max_bytes: int, dask_address: str | None, any_page: bool, workers: int | None,
            formats: tuple[str, ...]) -> None:
    """Extract the HTML pages of WARC files (.warc or .warc.gz, e.g. CC-NEWS, or our own --warc).

    Only response records with an HTML content type are read. A page gives the same id and
    content_hash as when fetched live; its source is FILE#OFFSET. Corrupt or truncated records
    are written to errors.jsonl and the run goes on. Exit 0 all well, 1 some records failed,
    2 usage error, 130/143 stopped by Ctrl-C/SIGTERM.
    """
    from scraper.pipeline import ArchiveFilter, extract_archives

    only = ArchiveFilter(hosts=hosts, since=since and since.replace(tzinfo=timezone.utc),
                         until=until and until.replace(tzinfo=timezone.utc))  # fmt: skip
    settings = attrs.evolve(DEFAULT, workers=workers, max_bytes=max_bytes, any_page=any_page)
    try:
        if dask_address is not None:
            from scraper.distributed import extract_on_dask

            summary = extract_on_dask(dask_address, [str(a) for a in archives], output, settings, formats=formats, only=only)
        else:
            with progress_bar(ctx.obj["progress"], "extracting") as advance:
                summary = extract_archives([str(a) for a in archives], output, settings, formats=formats, only=only,
                                           on_progress=advance)  # fmt: skip
    except ScraperError as exc:
        fail(exc.message)
    click.echo(f"scraper: {summary.line()} -> {output}", err=True)
    sys.exit(summary.exit_code)


@main.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--samples", type=click.Path(exists=True, file_okay=False, path_type=Path), required=True,
              help="Directory of reference text renderings (*.txt, with optional *.chrome.txt sidecars).")
def check(directory: Path, samples: Path) -> None:
    """Check the articles in DIRECTORY against reference text samples, both ways.

    For each sample, the article whose title it contains is checked. Precision: every extracted
    string occurs in the sample, body and comments in page order. Recall: every sample line is
    covered by some field, except lines its sidecar declares as page chrome. Exit 0 only when
    nothing is missing in either direction.
    """
    from scraper.check import check_samples

    try:
        report = check_samples(directory, samples)
    except ScraperError as exc:
        fail(exc.message)
    click.echo(report.render())
    sys.exit(EXIT_OK if report.ok else EXIT_FAILED)


@main.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
def validate(directory: Path) -> None:
    """Validate the JSONL files in DIRECTORY against the JSON Schemas in schemas/."""
    from scraper.validate import validate_directory

    try:
        report = validate_directory(directory)
    except ScraperError as exc:
        fail(exc.message)
    click.echo(report.render())
    sys.exit(EXIT_OK if report.ok else EXIT_FAILED)


@main.command()
def extractors() -> None:
    """List the extractors: name, the hosts each one serves, and the package it comes from."""
    from scraper.extract.registry import describe

    for info in describe():
        click.echo(f"{info.name}\t{' '.join(info.hosts)}\t{info.package}")


@main.command()
@click.argument("sources", nargs=-1, metavar="SOURCE...")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Directory whose articles.jsonl, comments.jsonl and errors.jsonl are appended to.")
@click.option("--state", "state_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="SQLite state file.  [default: OUTPUT/.scraper-state.sqlite]")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="TOML file listing sites with their feeds, sitemaps and per-site overrides.")
@click.option("--concurrency", type=click.IntRange(min=1), default=None,
              help=f"Requests in flight at once, over all hosts.  [default: {DEFAULT.concurrency}]")
@click.option("--per-host", type=click.IntRange(min=1), default=None,
              help=f"Requests in flight at once to one host.  [default: {DEFAULT.per_host}]")
@click.option("--delay", type=click.FloatRange(min=0), default=None,
              help="Minimum seconds between two requests to one host; robots.txt Crawl-delay can raise it."
                   f"  [default: {DEFAULT.delay}]")
@click.option("--max-articles", type=click.IntRange(min=1), default=None,
              help="Fetch at most this many article pages in this run (new ones first).")
@click.option("--refresh-days", type=click.IntRange(min=0), default=None,
              help="Re-fetch articles published in the last D days (comments grow); emit only changes."
                   f"  [default: {DEFAULT.refresh_days}]")
@click.option("--warc", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also keep every fetched page in rotating .warc.gz files in this directory.")
@workers_option
@format_option
@fetch_options
@click.pass_context
def crawl(ctx: click.Context, sources: tuple[str, ...], output: Path, state_path: Path | None,
          config_path: Path | None, concurrency: int | None, per_host: int | None, delay: float | None,
          max_articles: int | None, refresh_days: int | None, warc: Path | None, workers: int | None,
          formats: tuple[str, ...], **fetch: object) -> None:
    """Discover new articles from feeds and sitemaps and scrape them; built for cron.

    SOURCE is an RSS or Atom feed URL, or an XML sitemap, sitemap index or Google News sitemap
    (plain or .gz). Flags override the [crawl] table of --config. Exit 0 all well, 1 some pages
    failed (a page that proves no article is reported in errors.jsonl, no failure), 2 usage or config error, 75 another crawl holds the state, 130/143 stopped by
    Ctrl-C/SIGTERM (work done so far is kept).
    """
    import attrs

    from scraper.crawling import CrawlConfig, load_config
    from scraper.crawling import crawl as run

    if not sources and config_path is None:
        raise click.UsageError("give at least one feed or sitemap SOURCE, or --config")
    for source in sources:
        if not source.lower().startswith(("http://", "https://")):
            raise click.UsageError(f"{source}: a crawl SOURCE must be an http(s) feed or sitemap URL")
    settings = settings_from(**fetch)  # type: ignore[arg-type]
    try:
        config = load_config(config_path) if config_path is not None else CrawlConfig()
        config = config.override(concurrency=concurrency, per_host=per_host, delay=delay,
                                 max_articles=max_articles, refresh_days=refresh_days, workers=workers)
        if ctx.get_parameter_source("user_agent") is not click.core.ParameterSource.DEFAULT:
            config = attrs.evolve(config, user_agent=settings.user_agent)
        with progress_bar(ctx.obj["progress"], "crawling") as advance:
            summary = run(sources, output, settings, config=config, state_path=state_path, on_progress=advance,
                          formats=formats, warc=warc)
    except ScraperError as exc:
        fail(exc.message, EXIT_LOCKED if exc.kind == "locked" else EXIT_USAGE)
    click.echo(f"scraper: {summary.line()} -> {output}", err=True)
    sys.exit(summary.exit_code)


if __name__ == "__main__":  # pragma: no cover
    main()
