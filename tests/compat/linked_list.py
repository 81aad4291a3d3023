"""A singly linked list with dunder methods and a few classic algorithms."""


class Node:
    def __init__(self, value, next=None):
        self.value = value
        self.next = next


class LinkedList:
    def __init__(self, iterable=()):
        self.head = None
        self.size = 0
        for v in reversed(list(iterable)):
            self.push(v)

    def push(self, value):
        self.head = Node(value, self.head)
        self.size += 1

    def __iter__(self):
        node = self.head
        while node:
            yield node.value
            node = node.next

    def __len__(self):
        return self.size

    def __repr__(self):
        return "LinkedList([" + ", ".join(repr(v) for v in self) + "])"

    def __getitem__(self, index):
        if index < 0:
            index += self.size
        for i, v in enumerate(self):
            if i == index:
                return v
        raise IndexError("linked list index out of range")

    def __contains__(self, value):
        return any(v == value for v in self)

    def reverse(self):
        prev, node = None, self.head
        while node:
            node.next, prev, node = prev, node, node.next
        self.head = prev

    def remove(self, value):
        prev, node = None, self.head
        while node:
            if node.value == value:
                if prev:
                    prev.next = node.next
                else:
                    self.head = node.next
                self.size -= 1
                return True
            prev, node = node, node.next
        return False

    def middle(self):
        slow = fast = self.head
        while fast and fast.next:
            slow, fast = slow.next, fast.next.next
        return slow.value if slow else None


def merge_sorted(a, b):
    out = []
    ia, ib = iter(a), iter(b)
    x, y = next(ia, None), next(ib, None)
    while x is not None or y is not None:
        if y is None or (x is not None and x <= y):
            out.append(x)
            x = next(ia, None)
        else:
            out.append(y)
            y = next(ib, None)
    return LinkedList(out)


ll = LinkedList(range(1, 8))
print(ll, len(ll), ll[0], ll[-1], ll.middle(), 4 in ll, 10 in ll)
ll.reverse()
print(ll)
print(ll.remove(4), ll.remove(42), ll, len(ll))
print(merge_sorted(LinkedList([1, 4, 9]), LinkedList([2, 3, 10, 11])))
try:
    ll[100]
except IndexError as e:
    print("IndexError:", e)
print(sum(LinkedList([1.5, 2.5])), list(LinkedList("abc")), sorted(LinkedList([3, 1, 2])))
