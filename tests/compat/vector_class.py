"""A 3D vector class with operator overloading, and a tiny physics integration."""
import math


class Vec3:
    def __init__(self, x=0.0, y=0.0, z=0.0):
        self.x, self.y, self.z = x, y, z

    def __add__(self, o):
        return Vec3(self.x + o.x, self.y + o.y, self.z + o.z)

    def __sub__(self, o):
        return Vec3(self.x - o.x, self.y - o.y, self.z - o.z)

    def __mul__(self, k):
        return Vec3(self.x * k, self.y * k, self.z * k)

    __rmul__ = __mul__

    def __truediv__(self, k):
        return Vec3(self.x / k, self.y / k, self.z / k)

    def __neg__(self):
        return Vec3(-self.x, -self.y, -self.z)

    def __eq__(self, o):
        return (self.x, self.y, self.z) == (o.x, o.y, o.z)

    def __abs__(self):
        return math.sqrt(self.dot(self))

    def __iter__(self):
        yield self.x
        yield self.y
        yield self.z

    def __getitem__(self, i):
        return (self.x, self.y, self.z)[i]

    def dot(self, o):
        return self.x * o.x + self.y * o.y + self.z * o.z

    def cross(self, o):
        return Vec3(self.y * o.z - self.z * o.y, self.z * o.x - self.x * o.z, self.x * o.y - self.y * o.x)

    def normalized(self):
        return self / abs(self)

    def __repr__(self):
        return "Vec3(" + ", ".join(f"{c:.3f}" for c in self) + ")"


a, b = Vec3(1, 2, 3), Vec3(4, 5, 6)
print(a + b, a - b, a * 2, 2 * a, -a, b / 2)
print(a.dot(b), a.cross(b), round(abs(b), 6), a.normalized(), list(a), a[2], a == Vec3(1, 2, 3))
print("angle:", round(math.degrees(math.acos(a.dot(b) / (abs(a) * abs(b)))), 4))
pos, vel = Vec3(0, 0, 0), Vec3(10, 20, 0)
gravity = Vec3(0, -9.81, 0)
dt = 0.01
t = 0.0
peak = pos
while True:
    vel = vel + gravity * dt
    pos = pos + vel * dt
    t += dt
    if pos.y > peak.y:
        peak = pos
    if pos.y < 0:
        break
print(f"landed after {t:.2f}s at x={pos.x:.2f}, peak height {peak.y:.2f}")
