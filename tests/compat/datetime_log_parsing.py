# Parsing and re-formatting timestamps from a web server log: strptime,
# strftime, isoformat/fromisoformat, and per-hour statistics.
from datetime import date, datetime, time, timedelta, timezone
from collections import Counter

LOG = """\
10.0.0.1 - - [29/Feb/2024:23:58:01 +0000] "GET / HTTP/1.1" 200 512
10.0.0.2 - - [29/Feb/2024:23:59:59 +0000] "GET /a HTTP/1.1" 404 0
10.0.0.1 - - [01/Mar/2024:00:00:00 +0100] "POST /login HTTP/1.1" 302 0
10.0.0.3 - - [01/Mar/2024:00:30:15 -0500] "GET /b HTTP/1.1" 200 1024
10.0.0.2 - - [01/Mar/2024:01:02:03 +0530] "GET /c HTTP/1.1" 500 17
"""


def parse_line(line):
    stamp = line[line.index("[") + 1:line.index("]")]
    return datetime.strptime(stamp, "%d/%b/%Y:%H:%M:%S %z")


def main():
    stamps = [parse_line(l) for l in LOG.splitlines()]
    for s in stamps:
        utc = s.astimezone(timezone.utc)
        print(s.isoformat(), "->", utc.strftime("%Y-%m-%d %H:%M:%S %Z"), utc.strftime("%j %U %W %w %y %b %a %p"))
    ordered = sorted(stamps)
    print("first:", ordered[0], "last:", ordered[-1])
    print("span:", ordered[-1] - ordered[0])
    per_hour = Counter(s.astimezone(timezone.utc).replace(minute=0, second=0) for s in stamps)
    for hour, n in sorted(per_hour.items()):
        print(f"  {hour:%Y-%m-%d %H}h {'#' * n}")

    formats = [
        ("2024-03-01 14:05:09", "%Y-%m-%d %H:%M:%S"),
        ("March 1, 2024", "%B %d, %Y"),
        ("Fri Mar  1 14:05:09 2024", "%a %b %d %H:%M:%S %Y"),
        ("01/03/24 2:05 PM", "%d/%m/%y %I:%M %p"),
        ("2024-061", "%Y-%j"),
        ("12:00:00.250", "%H:%M:%S.%f"),
        ("2024-W09-5", "%G-W%V-%u"),
        ("20240301T140509Z", "%Y%m%dT%H%M%S%z"),
    ]
    for text, fmt in formats:
        d = datetime.strptime(text, fmt)
        print(f"  {text!r:28} {d!r}")
    for text, fmt in [("2024-02-30", "%Y-%m-%d"), ("14:05 extra", "%H:%M"), ("31/12/2024", "%m/%d/%Y")]:
        try:
            datetime.strptime(text, fmt)
        except ValueError as e:
            print("  ValueError:", e)

    iso = ["2024-03-01", "2024-03-01T14:05", "2024-03-01 14:05:09.5", "2024-03-01T14:05:09+02:00",
           "2024-03-01T14:05:09.123456-07:30"]
    for text in iso:
        d = datetime.fromisoformat(text)
        print(f"  {text:34} {d.isoformat(sep=' ')} | {d.isoformat(timespec='minutes')}")
    print(date.fromisoformat("2024-03-01").isoformat(), time.fromisoformat("14:05:09.5").isoformat("milliseconds"))
    print(time(14, 5, 9, 500000).strftime("%H.%M.%S %f"), time(7, 0) < time(8, 0), time(23, 59).replace(hour=0))
    print(str(time(1, 2, 3, 4)), repr(time(1, 2, 3, 4)), repr(time(1, 2)), repr(date(2024, 3, 1)))
    print(repr(datetime(2024, 3, 1, 14, 5, tzinfo=timezone(timedelta(hours=2)))))
    print(datetime(2024, 3, 1).ctime(), date(2024, 3, 1).ctime())
    print(format(datetime(2024, 3, 1, 9), "%d.%m.%Y %H:%M"), f"{date(2024, 3, 1):%Y/%m/%d}", format(date(2024, 3, 1)))

    # the clock: properties only, the values change between runs
    now = datetime.now()
    today = date.today()
    print("now is naive:", now.tzinfo is None, "today matches:", (today - now.date()).days in (0, 1))
    print("utcnow naive:", datetime.utcnow().tzinfo is None, "aware now:", datetime.now(timezone.utc).utcoffset())
    stamp = now.timestamp()
    print("round trip:", abs(datetime.fromtimestamp(stamp) - now) < timedelta(seconds=1))
    print("utcfromtimestamp:", datetime.utcfromtimestamp(0), datetime.fromtimestamp(86400 * 365.25, timezone.utc))
    for bad in ["2024-3-1", "2024-03-01T25:00", "nope"]:
        try:
            datetime.fromisoformat(bad)
        except ValueError as e:
            print("  ValueError:", e)


main()
