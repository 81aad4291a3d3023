"""Shape hierarchy with polymorphism, class methods and sorting by area."""
import math


class Shape:
    count = 0

    def __init__(self, name):
        self.name = name
        Shape.count += 1

    def area(self):
        raise NotImplementedError(f"{type(self).__name__} must implement area")

    def perimeter(self):
        raise NotImplementedError

    def __lt__(self, other):
        return self.area() < other.area()

    def __str__(self):
        return f"{self.name:<10} area={self.area():9.3f} perimeter={self.perimeter():8.3f}"


class Circle(Shape):
    def __init__(self, r):
        super().__init__("circle")
        self.r = r

    def area(self):
        return math.pi * self.r ** 2

    def perimeter(self):
        return 2 * math.pi * self.r


class Rect(Shape):
    def __init__(self, w, h, name="rect"):
        super().__init__(name)
        self.w, self.h = w, h

    def area(self):
        return self.w * self.h

    def perimeter(self):
        return 2 * (self.w + self.h)

    @classmethod
    def square(cls, side):
        return cls(side, side, "square")


class Triangle(Shape):
    def __init__(self, a, b, c):
        if a + b <= c or a + c <= b or b + c <= a:
            raise ValueError(f"sides {a}, {b}, {c} do not form a triangle")
        super().__init__("triangle")
        self.sides = (a, b, c)

    def area(self):
        s = self.perimeter() / 2
        a, b, c = self.sides
        return math.sqrt(s * (s - a) * (s - b) * (s - c))

    def perimeter(self):
        return sum(self.sides)


class Blob(Shape):
    pass


shapes = [Circle(1.5), Rect(3, 4), Rect.square(2.5), Triangle(3, 4, 5), Circle(0.5)]
for s in sorted(shapes):
    print(s)
print("largest:", max(shapes).name, "| smallest:", min(shapes).name)
print("total area: %.4f" % sum(s.area() for s in shapes))
by_type = {}
for s in shapes:
    by_type.setdefault(type(s).__name__, []).append(round(s.area(), 2))
print(by_type)
for make in (lambda: Triangle(1, 2, 10), lambda: Blob("blob").area()):
    try:
        make()
    except (ValueError, NotImplementedError) as e:
        print(type(e).__name__ + ":", e)
print("shapes created:", Shape.count, isinstance(shapes[2], Rect), type(shapes[2]).__name__)
