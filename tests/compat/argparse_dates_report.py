# A report command: argparse parses dates, durations and output options
# (custom type functions), datetime does the arithmetic, and pprint shows
# the resulting structure.
import argparse
import pprint
from datetime import date, datetime, timedelta


def iso_date(text):
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)")


def duration(text):
    units = {"d": "days", "h": "hours", "m": "minutes", "w": "weeks"}
    if not text or text[-1] not in units or not text[:-1].isdigit():
        raise argparse.ArgumentTypeError(f"bad duration {text!r}")
    return timedelta(**{units[text[-1]]: int(text[:-1])})


def build():
    p = argparse.ArgumentParser(prog="report", description="Summarize work between two dates.")
    p.add_argument("start", type=iso_date, help="first day (YYYY-MM-DD)")
    p.add_argument("end", type=iso_date, nargs="?", help="last day (default: start + 6 days)")
    p.add_argument("--step", type=duration, default=timedelta(days=1), help="sampling step, e.g. 12h or 2d")
    p.add_argument("--format", choices=["table", "tree"], default="table")
    p.add_argument("--skip-weekends", action="store_true")
    p.add_argument("--label", action="append", dest="labels", default=[], metavar="TEXT")
    return p


def run(parser, argv):
    print("$ report", " ".join(argv))
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        print("  exit status", e.code)
        return
    end = args.end or args.start + timedelta(days=6)
    t = datetime.combine(args.start, datetime.min.time())
    samples = []
    while t.date() <= end:
        if not (args.skip_weekends and t.weekday() >= 5):
            samples.append(t)
        t += args.step
    summary = {
        "range": (args.start.isoformat(), end.isoformat()),
        "days": (end - args.start).days + 1,
        "samples": len(samples),
        "first": samples[0].strftime("%a %d %b %H:%M") if samples else None,
        "last": samples[-1].strftime("%a %d %b %H:%M") if samples else None,
        "labels": args.labels,
        "by_weekday": {d: sum(1 for s in samples if s.strftime("%a") == d)
                       for d in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]},
    }
    if args.format == "tree":
        pprint.pprint(summary, width=60)
    else:
        for key in ["range", "days", "samples", "first", "last"]:
            print(f"  {key:8} {summary[key]}")


def main():
    parser = build()
    run(parser, ["2024-02-26"])
    run(parser, ["2024-02-26", "2024-03-10", "--skip-weekends", "--format", "tree", "--label", "q1", "--label", "team"])
    run(parser, ["2024-02-28", "2024-03-01", "--step", "12h", "--format=tree"])
    run(parser, ["2024-02-30"])
    run(parser, ["2024-02-26", "--step", "3x"])
    run(parser, ["--format", "xml", "2024-02-26"])
    parser.print_help()


main()
