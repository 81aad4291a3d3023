"""Classic sorting algorithms checked against sorted()."""


def insertion_sort(xs):
    xs = list(xs)
    for i in range(1, len(xs)):
        key = xs[i]
        j = i - 1
        while j >= 0 and xs[j] > key:
            xs[j + 1] = xs[j]
            j -= 1
        xs[j + 1] = key
    return xs


def merge_sort(xs):
    if len(xs) <= 1:
        return list(xs)
    mid = len(xs) // 2
    left, right = merge_sort(xs[:mid]), merge_sort(xs[mid:])
    out = []
    i = j = 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            out.append(left[i])
            i += 1
        else:
            out.append(right[j])
            j += 1
    return out + left[i:] + right[j:]


def quick_sort(xs):
    if len(xs) <= 1:
        return list(xs)
    pivot = xs[len(xs) // 2]
    return (quick_sort([x for x in xs if x < pivot]) + [x for x in xs if x == pivot]
            + quick_sort([x for x in xs if x > pivot]))


def heap_sort(xs):
    a = list(xs)
    n = len(a)

    def sift(start, end):
        root = start
        while 2 * root + 1 < end:
            child = 2 * root + 1
            if child + 1 < end and a[child] < a[child + 1]:
                child += 1
            if a[root] < a[child]:
                a[root], a[child] = a[child], a[root]
                root = child
            else:
                return

    for start in range(n // 2 - 1, -1, -1):
        sift(start, n)
    for end in range(n - 1, 0, -1):
        a[0], a[end] = a[end], a[0]
        sift(0, end)
    return a


def counting_sort(xs):
    counts = [0] * (max(xs) + 1)
    for x in xs:
        counts[x] += 1
    return [i for i, c in enumerate(counts) for _ in range(c)]


seed = 42
data = []
for _ in range(300):
    seed = (seed * 214013 + 2531011) % 2 ** 32
    data.append((seed >> 16) % 1000)
expected = sorted(data)
for fn in (insertion_sort, merge_sort, quick_sort, heap_sort, counting_sort):
    result = fn(data)
    print(f"{fn.__name__:15} ok={result == expected} first={result[:5]} last={result[-3:]}")
print("words:", merge_sort("pear apple fig banana cherry".split()))
print("tuples:", quick_sort([(2, "b"), (1, "z"), (2, "a")]))
print("empty:", heap_sort([]), "single:", insertion_sort([7]))
