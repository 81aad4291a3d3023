# How an argparse command line rejects bad input: every mistake prints the
# usage and "error: ..." to stderr and exits with status 2. The last
# invocation is not caught, so the program itself ends with status 2.
import argparse
import io
import sys


def build_parser():
    parser = argparse.ArgumentParser(prog="backup", description="Copy files somewhere safe.")
    parser.add_argument("source", help="what to copy")
    parser.add_argument("dest", nargs="?", default="/backups", help="where to (default: %(default)s)")
    parser.add_argument("--level", type=int, choices=range(1, 4), default=2, help="compression level")
    parser.add_argument("--keep", type=int, required=True, help="how many copies to keep")
    parser.add_argument("--exclude", nargs="+", default=[], metavar="GLOB")
    parser.add_argument("--ratio", type=float, default=0.5)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--full", action="store_true", help="copy everything")
    mode.add_argument("--incremental", action="store_true", help="copy changes only")
    group = parser.add_argument_group("network", "options for remote targets")
    group.add_argument("--host", default="localhost")
    group.add_argument("--port", type=int, default=22, metavar="PORT")
    return parser


def attempt(parser, argv):
    # argparse writes the usage and the message to stderr; capture it so the
    # exit status and the message are part of what this program prints.
    saved, sys.stderr = sys.stderr, io.StringIO()
    try:
        args = parser.parse_args(argv)
        outcome = f"ok {args}"
    except SystemExit as e:
        lines = sys.stderr.getvalue().splitlines()
        outcome = f"exit {e.code}: {lines[-1] if lines else ''}"
    finally:
        sys.stderr = saved
    print(f"{' '.join(argv) or '(nothing)':45} -> {outcome}")


def main():
    parser = build_parser()
    attempt(parser, ["/home", "--keep", "3"])
    attempt(parser, ["/home", "/mnt/usb", "--keep=5", "--level", "3", "--exclude", "*.tmp", "*.log", "--full"])
    attempt(parser, [])
    attempt(parser, ["/home"])
    attempt(parser, ["/home", "--keep", "many"])
    attempt(parser, ["/home", "--keep", "1", "--level", "7"])
    attempt(parser, ["/home", "--keep", "1", "--ratio", "half"])
    attempt(parser, ["/home", "--keep", "1", "--full", "--incremental"])
    attempt(parser, ["/home", "--keep", "1", "--exclude"])
    attempt(parser, ["/home", "a", "b", "--keep", "1"])
    attempt(parser, ["/home", "--keep", "1", "--colour"])
    attempt(parser, ["/home", "--keep", "1", "--ful"])
    attempt(parser, ["/home", "--kee", "2"])
    attempt(parser, ["/home", "--keep"])
    attempt(parser, ["/home", "--keep", "1", "--port", "-5"])

    print("--- help")
    parser.print_help()

    strict = argparse.ArgumentParser(prog="strict", exit_on_error=False)
    strict.add_argument("--count", type=int)
    try:
        strict.parse_args(["--count", "x"])
    except argparse.ArgumentError as e:
        print("ArgumentError:", e, "| argument:", e.argument_name)

    custom = argparse.ArgumentParser(prog="custom")
    custom.add_argument("n", type=int)
    args = custom.parse_args(["12"])
    if args.n % 5:
        print("calling parser.error()")
        sys.stdout.flush()
        custom.error(f"{args.n} is not a multiple of 5")
    print("not reached")


main()
