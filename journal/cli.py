"""The command line: `skin-journal [--data-dir DIR] [COMMAND ...]` (or `python main.py ...`).

With no command the GUI opens (Qt is imported only then). Every command prints
one clear line on stderr and exits 2 for bad input, having written nothing.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from journal import format as fmt
from journal.models import (
    AREAS, CATEGORIES, FLAG_BY_CLI_NAME, PROFILE_FIELDS, SYMPTOMS, JournalError,
)
from journal.terminal import safe
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journal.store.journal import Journal

EXIT_OK, EXIT_PROBLEMS, EXIT_BAD_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports errors as one line and exit code 2, like our own errors."""

    def error(self, message: str):  # noqa: D401 - argparse API
        raise JournalError(message)


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """The command line; without `commands`, only the options of the window (what opening
    it needs: the ~20 commands' parsers take longer to build than the window's check)."""
    from journal import __version__

    parser = _Parser(prog=_prog(), description="Skin Recovery Journal")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--data-dir", help="journal folder (default: $JOURNAL_DATA_DIR, "
                                           "else your user data folder)")
    parser.add_argument("--quit-after-show", action="store_true",
                        help="open the window, paint it once and quit (start-up timing)")
    desktop = parser.add_mutually_exclusive_group()
    desktop.add_argument("--install-desktop-entry", action="store_true",
                         help="add the app to your desktop's menu, with its icon (Linux)")
    desktop.add_argument("--uninstall-desktop-entry", action="store_true",
                         help="remove what --install-desktop-entry added")
    if not commands:
        parser.set_defaults(command=None)
        return parser
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    demo = commands.add_parser("demo", help="fill the journal with realistic sample data")
    demo.add_argument("--force", action="store_true", help="replace a journal that has data")

    session = commands.add_parser("session", help="treatment sessions")
    session_cmds = session.add_subparsers(dest="action", required=True, parser_class=_Parser)
    add = session_cmds.add_parser("add", help="record a session")
    add.add_argument("date")
    add.add_argument("--areas", default="full face", help="comma-separated treated areas")
    add.add_argument("--depth-mm", type=_float("--depth-mm"))
    add.add_argument("--clinic", default="")
    add.add_argument("--notes", default="")
    session_cmds.add_parser("list", help="list sessions")

    product = commands.add_parser("product", help="the product shelf")
    product_cmds = product.add_subparsers(dest="action", required=True, parser_class=_Parser)
    add = product_cmds.add_parser("add", help="add a product")
    add.add_argument("name")
    add.add_argument("--ingredients", required=True, help="the ingredient list from the label")
    add.add_argument("--brand", default="")
    add.add_argument("--category", default="other", choices=CATEGORIES)
    product_cmds.add_parser("list", help="list products with their flagged ingredients")

    log = commands.add_parser("log", help="log a day (only the fields given change)")
    log.add_argument("date")
    for name in SYMPTOMS:
        log.add_argument(f"--{name}", metavar="0-10")
    log.add_argument("--breakouts", metavar="N", help="count of new spots")
    log.add_argument("--used", action="append", default=[], metavar="PRODUCT")
    log.add_argument("--flag", action="append", default=[], choices=sorted(FLAG_BY_CLI_NAME))
    log.add_argument("--makeup", action="store_true")
    log.add_argument("--sun", action="store_true")
    log.add_argument("--sweat", action="store_true")
    log.add_argument("--note")

    photo = commands.add_parser("photo", help="photos")
    photo_cmds = photo.add_subparsers(dest="action", required=True, parser_class=_Parser)
    add = photo_cmds.add_parser("add", help="import photos")
    add.add_argument("files", nargs="+", metavar="FILE")
    add.add_argument("--date", required=True)
    add.add_argument("--area", default="full face", choices=AREAS)

    profile = commands.add_parser(
        "profile", help="your health history for the tips (prints it; options change it)")
    for name, (option, question) in PROFILE_FIELDS.items():
        profile.add_argument(f"--{option}", dest=name, choices=("yes", "no"), help=question)

    tips = commands.add_parser("tips", help="aftercare tips for a day, most urgent first")
    tips.add_argument("date", nargs="?")

    evidence = commands.add_parser(
        "evidence", help="which products went with more new spots in your log, one per line")
    evidence.add_argument("--json", action="store_true", help="a JSON array of objects")

    report = commands.add_parser("report", help="the dermatologist summary as PDF")
    report.add_argument("--out", required=True)
    report.add_argument("--from", dest="start")
    report.add_argument("--to", dest="end")

    export = commands.add_parser("export", help="export everything as JSON or CSV")
    export.add_argument("--out", required=True, help="FILE.json or FILE.csv")

    backup = commands.add_parser("backup", help="write a backup archive")
    backup.add_argument("--out", required=True)
    restore = commands.add_parser("restore", help="restore a backup archive")
    restore.add_argument("file")
    check = commands.add_parser("check", help="check the journal's integrity")
    check.add_argument("--repair", action="store_true", help="fix what is safe to fix")
    return parser


def _prog() -> str:
    """How the user started us, for usage lines: `skin-journal`, or `python main.py`."""
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return "python main.py" if name in ("main.py", "-c", "") else "skin-journal"


def _float(option: str):
    def convert(text: str) -> float:
        try:
            return float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{option} must be a number, not {text!r}") from None
    return convert


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = _window_args(argv) or build_parser().parse_args(argv)
        if args.install_desktop_entry or args.uninstall_desktop_entry:
            if args.command is not None:
                raise JournalError("--install-desktop-entry and --uninstall-desktop-entry "
                                   "take no command")
            return _desktop_entry(install=args.install_desktop_entry)
        if args.command is None:
            problem = _no_display()
            if problem:
                raise JournalError(problem)
            from journal.ui.app import run_app

            return run_app(args)
        code = _run_command(args)
        sys.stdout.flush()  # a closed pipe shows here, not as a traceback at exit
        return code
    except JournalError as exc:
        print(f"error: {safe(exc)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `... | head` stopped reading: nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PROBLEMS


def run() -> None:
    """The program (main.py and the ``skin-journal`` command): :func:`main`, then the end
    of the process. After the window closed in order, the process ends at once
    (journal.ui.app.end_process); otherwise, and after a command, Python ends as usual."""
    code = main()
    gui = sys.modules.get("journal.ui.app")
    if gui is not None:
        gui.end_process(code)  # (returns when the usual ending is needed)
    sys.exit(code)


def _window_args(argv: list[str]):
    """The arguments when they only open the window (no command, no help), else None."""
    if any(arg in ("-h", "--help") or not arg.startswith("-") and not _after_data_dir(argv, i)
           for i, arg in enumerate(argv)):
        return None
    try:
        args, extra = build_parser(commands=False).parse_known_args(argv)
    except JournalError:
        return None  # the whole parser says it as usual
    return None if extra else args


def _after_data_dir(argv: list[str], index: int) -> bool:
    return index > 0 and argv[index - 1] == "--data-dir"


def _no_display() -> str | None:
    """Why the window cannot open here (Linux with neither X11 nor Wayland), else None.

    Without it Qt aborts (exit 134) with several lines about xcb plugins, e.g. over ssh."""
    if not sys.platform.startswith("linux"):
        return None
    platforms = [p.split(":")[0] for p in os.environ.get("QT_QPA_PLATFORM", "").split(";") if p]
    if any(not p.startswith(("xcb", "wayland")) for p in platforms):
        return None  # offscreen, vnc, eglfs ...: Qt needs no display server
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (f"no graphical display (DISPLAY and WAYLAND_DISPLAY are not set), so the window "
            f"cannot open here; the commands work without one (`{_prog()} --help`)")


def _desktop_entry(install: bool) -> int:
    from journal import desktop

    try:
        if install:
            files = desktop.install_desktop_entry()
            print(safe(f"added to your desktop's menu: {files['desktop']}"))
            print(safe(f"icon: {files['icon']}"))
        else:
            removed = desktop.uninstall_desktop_entry()
            print(safe("removed: " + ", ".join(map(str, removed))) if removed
                  else "there was no desktop entry to remove")
    except OSError as exc:
        raise JournalError(f"cannot write the desktop entry: {exc}") from None
    return EXIT_OK


def _open_journal(args):
    from journal.paths import resolve_data_dir
    from journal.store.journal import Journal

    # Only the demo may start a journal in a folder that holds photos or backups but no journal.db.
    return Journal.open(resolve_data_dir(args.data_dir), new_journal=args.command == "demo")


def _run_command(args) -> int:
    if args.command in ("restore", "check"):
        # These must work on a journal that does not open cleanly.
        from journal.paths import resolve_data_dir

        return COMMANDS[args.command](args, resolve_data_dir(args.data_dir))
    journal = _open_journal(args)
    try:
        key = args.command
        if key in ("session", "product", "photo"):
            key = f"{key} {args.action}"
        return COMMANDS[key](args, journal)
    finally:
        journal.close()


# -- command handlers -------------------------------------------------------------------
def cmd_demo(args, journal: Journal) -> int:
    from journal.demo import build_demo

    kept = None
    if args.force and not journal.is_empty():  # the user's own days: a copy first, never lost
        from journal.store.backup import BACKUPS, _stamp, write_backup

        folder = journal.data_dir / BACKUPS
        folder.mkdir(mode=0o700, exist_ok=True)
        kept = write_backup(journal.data_dir, folder / f"before-demo-{_stamp()}.zip").path
    summary = build_demo(journal, force=args.force)
    print(summary)
    if kept is not None:
        print(safe(f"the journal it replaced was backed up first to {kept} "
                   f"(`restore {kept}` brings it back)"))
    return EXIT_OK


def cmd_session_add(args, journal: Journal) -> int:
    from journal.models import Session, parse_date, session_label, session_numbers

    session = Session(
        date=parse_date(args.date),
        areas=tuple(a.strip() for a in args.areas.split(",") if a.strip()),
        depth_mm=args.depth_mm, clinic=args.clinic, notes=args.notes,
    )
    journal.add_session(session)
    number = session_numbers(journal.sessions())[session.id]
    print(f"added {session_label(number, session.date)} (id {session.id})")
    return EXIT_OK


def cmd_session_list(args, journal: Journal) -> int:
    from journal.models import session_label, session_numbers

    sessions = journal.sessions()
    numbers = session_numbers(sessions)
    for s in sessions:
        print(f"{s.id}\t{fmt.date(s.date)}\t{safe(fmt.areas(s.areas))}\t{fmt.depth(s.depth_mm)}"
              f"\t{safe(s.clinic or '–')}\t{session_label(numbers[s.id], s.date)}")
    return EXIT_OK


def cmd_product_add(args, journal: Journal) -> int:
    from journal.models import Product

    product = Product(name=args.name, brand=args.brand, category=args.category,
                      ingredients=args.ingredients)
    journal.add_product(product)
    print(f"product {safe(repr(product.name))} added")
    return EXIT_OK


def cmd_product_list(args, journal: Journal) -> int:
    from journal.care.ingredients import flag_summary as flags_of
    for p in journal.products():
        flags = flags_of(p.ingredients)
        print(f"{p.id}\t{safe(p.name)}\t{safe(p.brand or '-')}\t{p.category}\t"
              f"{safe(flags or '-')}")
    return EXIT_OK


def cmd_log(args, journal: Journal) -> int:
    from journal.models import parse_date

    date = parse_date(args.date)
    if date > dt.date.today():  # as on the Today page
        raise JournalError(f"you cannot log a day in the future ({date})")
    changes = {}
    for name in (*SYMPTOMS, "breakouts"):
        value = getattr(args, name)
        if value is not None:
            if not value.strip():  # `--redness "$R"` with R unset must not erase a saved rating
                raise JournalError(f"--{name} is empty; give a whole number"
                                   + (" from 0 to 10" if name in SYMPTOMS else ""))
            changes[name] = value
    for flag in args.flag:
        changes[FLAG_BY_CLI_NAME[flag]] = True
    for name in ("makeup", "sun", "sweat"):
        if getattr(args, name):
            changes[name] = True
    if args.note is not None:
        changes["note"] = args.note
    if not changes and not args.used:
        raise JournalError("nothing to log: give a rating (e.g. --redness 3), --breakouts, "
                           "--used, a --flag, --makeup/--sun/--sweat or --note")
    used = [journal.product_by_name(name).id for name in args.used]
    entry = journal.update_entry(date, used=used, **changes)
    info = journal.day_info(date)
    print(f"{fmt.weekday_date(entry.date)}: saved ({info.label()})")
    return EXIT_OK


def cmd_profile(args, journal: Journal) -> int:
    changes = {name: getattr(args, name) == "yes" for name in PROFILE_FIELDS
               if getattr(args, name) is not None}
    profile = journal.set_profile(**changes) if changes else journal.profile()
    if changes:
        print("profile saved")
    for name, value in profile.items():
        print(f"{PROFILE_FIELDS[name][0]}\t{'yes' if value else 'no'}\t{PROFILE_FIELDS[name][1]}")
    return EXIT_OK


def cmd_export(args, journal: Journal) -> int:
    from journal.store.export import export

    out = Path(args.out).expanduser()  # --out=~/x: no shell expansion
    count = export(journal, out)
    print(f"exported {fmt.plural(count, 'day')} to {safe(args.out)} "
          "(this file contains your health data)")
    return EXIT_OK


def cmd_photo_add(args, journal: Journal) -> int:
    from journal.store.photos import import_photos_cli

    return import_photos_cli(journal, args)


def cmd_tips(args, journal: Journal) -> int:
    from journal.care.tips import print_tips
    from journal.models import parse_date

    if args.date is not None:
        # `tips ""` (an unset variable) is an error, not today; tips read what was logged
        # up to the day, so a day still to come has nothing to read yet
        if parse_date(args.date) > dt.date.today():
            raise JournalError(f"{args.date} is in the future: tips are for today or a day "
                               "already logged")
    return print_tips(journal, args)


def cmd_evidence(args, journal: Journal) -> int:
    from journal.care.evidence import print_evidence

    return print_evidence(journal, args)


def cmd_report(args, journal: Journal) -> int:
    from journal.report import report_cli

    return report_cli(journal, args)


def cmd_backup(args, journal: Journal) -> int:
    from journal.store.backup import backup_cli
    return backup_cli(journal, args)


def cmd_restore(args, data_dir) -> int:
    from journal.store.restore import restore_cli

    if not args.file.strip():
        raise JournalError("give the backup file to restore (restore FILE.zip)")
    return restore_cli(data_dir, args)


def cmd_check(args, data_dir) -> int:
    from journal.store.check import check_cli

    return check_cli(data_dir, args)


COMMANDS = {
    "demo": cmd_demo,
    "session add": cmd_session_add,
    "session list": cmd_session_list,
    "product add": cmd_product_add,
    "product list": cmd_product_list,
    "log": cmd_log,
    "export": cmd_export,
    "photo add": cmd_photo_add,
    "tips": cmd_tips,
    "profile": cmd_profile,
    "evidence": cmd_evidence,
    "report": cmd_report,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "check": cmd_check,
}
