# A to-do list command line built on argparse: options, positionals,
# counts, appends, choices, types, subcommands and the generated help.
import argparse
import sys

TASKS = [
    {"id": 1, "title": "write report", "priority": "high", "tags": ["work"], "done": False},
    {"id": 2, "title": "buy milk", "priority": "low", "tags": ["home"], "done": True},
    {"id": 3, "title": "fix bike", "priority": "medium", "tags": ["home", "weekend"], "done": False},
]


def positive_int(text):
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number")
    return value


def build_parser():
    parser = argparse.ArgumentParser(
        prog="todo",
        description="Keep track of things to do.",
        epilog="Tasks are kept in memory for this demo.",
    )
    parser.add_argument("-v", "--verbose", action="count", default=0, help="print more (repeatable)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    parser.add_argument("--no-color", dest="color", action="store_false", help="plain output")
    parser.add_argument("--version", action="version", version="%(prog)s 1.0")
    sub = parser.add_subparsers(dest="command", title="commands", metavar="COMMAND")

    add = sub.add_parser("add", help="add a task")
    add.add_argument("title", nargs="+", help="words of the title")
    add.add_argument("-p", "--priority", choices=["low", "medium", "high"], default="medium")
    add.add_argument("-t", "--tag", action="append", default=[], metavar="TAG", help="a tag (repeatable)")

    ls = sub.add_parser("list", help="list tasks")
    ls.add_argument("--all", "-a", action="store_true", help="include finished tasks")
    ls.add_argument("--limit", type=positive_int, metavar="N")
    ls.add_argument("--sort", choices=["id", "title", "priority"], default="id")

    done = sub.add_parser("done", help="mark tasks finished")
    done.add_argument("ids", nargs="*", type=int)

    move = sub.add_parser("move", help="swap two tasks")
    move.add_argument("pair", nargs=2, type=int, metavar=("FROM", "TO"))
    move.add_argument("--note", nargs="?", const="moved", default=None)
    return parser


def run(parser, argv):
    print("$ todo", " ".join(argv))
    args = parser.parse_args(argv)
    print("  ", args)
    if args.command == "add":
        task = {"id": len(TASKS) + 1, "title": " ".join(args.title), "priority": args.priority,
                "tags": args.tag, "done": False}
        TASKS.append(task)
        if not args.quiet:
            print("   added", task["id"], repr(task["title"]))
    elif args.command == "list":
        rank = {"high": 0, "medium": 1, "low": 2}
        key = {"id": lambda t: t["id"], "title": lambda t: t["title"],
               "priority": lambda t: rank[t["priority"]]}[args.sort]
        shown = [t for t in sorted(TASKS, key=key) if args.all or not t["done"]]
        for t in shown[:args.limit]:
            mark = "x" if t["done"] else " "
            extra = f" {t['tags']}" if args.verbose else ""
            print(f"   [{mark}] {t['id']:>2} {t['title']:<14} {t['priority']}{extra}")
    elif args.command == "done":
        for t in TASKS:
            if t["id"] in args.ids:
                t["done"] = True
        print("   finished", args.ids or "nothing")
    elif args.command == "move":
        print("   move", args.pair, "note:", args.note)


def main():
    parser = build_parser()
    run(parser, ["list"])
    run(parser, ["-vv", "list", "--all", "--sort", "priority"])
    run(parser, ["add", "call", "the", "plumber", "-p", "high", "-t", "home", "--tag=urgent"])
    run(parser, ["-q", "add", "read", "--priority=low"])
    run(parser, ["done", "1", "4"])
    run(parser, ["list", "--limit", "2", "-a"])
    run(parser, ["move", "1", "3", "--note"])
    run(parser, ["move", "2", "1", "--note", "swap"])
    run(parser, ["--no-color", "done"])
    run(parser, [])
    ns = parser.parse_args(["list"], namespace=argparse.Namespace(extra=True))
    print("namespace:", vars(ns), ns == argparse.Namespace(**vars(ns)), "extra" in ns)
    known, rest = parser.parse_known_args(["list", "--bogus", "x"])
    print("known:", known.command, "rest:", rest)

    print("--- help")
    parser.print_help()
    print("--- add help")
    try:
        parser.parse_args(["add", "--help"])
    except SystemExit as e:
        print("help exit status:", e.code)
    print("--- version")
    try:
        parser.parse_args(["--version"])
    except SystemExit as e:
        print("version exit status:", e.code)
    print("usage:", parser.format_usage().strip())


main()
sys.stdout.flush()
