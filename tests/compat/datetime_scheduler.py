# A meeting scheduler: recurring events, business days, durations and
# time-zone conversions with datetime and timedelta.
from datetime import date, datetime, time, timedelta, timezone

HOLIDAYS = {date(2024, 1, 1), date(2024, 5, 27), date(2024, 7, 4), date(2024, 12, 25)}


def is_business_day(d):
    return d.weekday() < 5 and d not in HOLIDAYS


def add_business_days(start, n):
    d = start
    while n > 0:
        d += timedelta(days=1)
        if is_business_day(d):
            n -= 1
    return d


def weekly(start, count, step=timedelta(weeks=1)):
    current = start
    for _ in range(count):
        yield current
        current += step


class Meeting:
    def __init__(self, title, start, duration):
        self.title = title
        self.start = start
        self.duration = duration

    @property
    def end(self):
        return self.start + self.duration

    def overlaps(self, other):
        return self.start < other.end and other.start < self.end

    def __repr__(self):
        return f"Meeting({self.title!r}, {self.start:%a %d %b %H:%M}-{self.end:%H:%M})"


def main():
    today = date(2024, 2, 26)
    print("start:", today, today.strftime("%A"), "ISO weekday", today.isoweekday())
    for n in (1, 5, 10, 30):
        print(f"  +{n} business days ->", add_business_days(today, n))
    print("leap day:", date(2024, 2, 28) + timedelta(days=1))
    print("days to new year:", (date(2025, 1, 1) - today).days)

    standup = datetime.combine(today, time(9, 30))
    meetings = [Meeting("standup", t, timedelta(minutes=15)) for t in weekly(standup, 4, timedelta(days=1))]
    meetings.append(Meeting("review", datetime(2024, 2, 27, 9, 40), timedelta(hours=1, minutes=30)))
    meetings.append(Meeting("lunch", datetime(2024, 2, 28, 12, 0), timedelta(hours=1)))
    meetings.sort(key=lambda m: (m.start, m.title))
    for m in meetings:
        print(" ", m)
    clashes = [(a.title, b.title, str(a.start.date())) for i, a in enumerate(meetings)
               for b in meetings[i + 1:] if a.overlaps(b)]
    print("clashes:", clashes)
    total = sum((m.duration for m in meetings), timedelta())
    print("booked:", total, "=", total.total_seconds() / 3600, "hours")

    # durations: str, repr, arithmetic and comparisons
    spans = [timedelta(days=2, hours=3), timedelta(minutes=-90), timedelta(seconds=0.5),
             timedelta(weeks=1) / 3, timedelta(hours=25) // 2, -timedelta(days=1, seconds=1)]
    for s in spans:
        print(f"  {str(s):>22} {s!r}")
    print("max/min:", max(spans), min(spans), abs(spans[1]))
    print("ratio:", timedelta(hours=36) / timedelta(days=1), timedelta(hours=36) % timedelta(days=1))
    print("divmod:", divmod(timedelta(hours=50), timedelta(days=1)))
    print("hashable:", len({timedelta(hours=24), timedelta(days=1), timedelta(seconds=86400)}))

    # time zones: a call across offices
    utc_call = datetime(2024, 3, 15, 15, 0, tzinfo=timezone.utc)
    offices = {"London": timezone.utc, "New York": timezone(timedelta(hours=-5), "EST"),
               "Delhi": timezone(timedelta(hours=5, minutes=30)), "Tokyo": timezone(timedelta(hours=9), "JST")}
    for city, tz in offices.items():
        local = utc_call.astimezone(tz)
        print(f"  {city:9} {local.isoformat()} {local.tzname()} {local.utcoffset()} {local.strftime('%I:%M %p %Z')}")
    print("same instant:", utc_call == utc_call.astimezone(offices["Tokyo"]))
    print("epoch seconds:", utc_call.timestamp(), datetime.fromtimestamp(utc_call.timestamp(), timezone.utc))
    print(repr(offices["Delhi"]), repr(timezone.utc), timezone(-timedelta(hours=3, minutes=15)))

    # the calendar of a month
    first = date(2024, 3, 1)
    print(first.strftime("%B %Y").center(20))
    print("Mo Tu We Th Fr Sa Su")
    cells = ["  "] * first.weekday()
    d = first
    while d.month == 3:
        cells.append(f"{d.day:2}")
        d += timedelta(days=1)
    for i in range(0, len(cells), 7):
        print(" ".join(cells[i:i + 7]))
    print("week numbers:", [date(2024, 3, day).isocalendar()[1] for day in (1, 11, 31)])
    print("year day:", date(2024, 12, 31).timetuple().tm_yday, date(2024, 12, 31).toordinal())
    print("replace:", datetime(2024, 1, 31, 8).replace(month=4, day=30, minute=15))
    try:
        date(2024, 2, 30)
    except ValueError as e:
        print("ValueError:", e)
    try:
        datetime(2024, 1, 1, 24)
    except ValueError as e:
        print("ValueError:", e)
    try:
        datetime(2024, 1, 1, tzinfo=timezone.utc) < datetime(2024, 1, 1)
    except TypeError as e:
        print("TypeError:", e)


main()
