# Objects, method calls and attribute access.
class Vector:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def add(self, other):
        return Vector(self.x + other.x, self.y + other.y)

    def scale(self, k):
        return Vector(self.x * k, self.y * k)

    def dot(self, other):
        return self.x * other.x + self.y * other.y


class Particle:
    def __init__(self, i):
        self.pos = Vector(i, -i)
        self.vel = Vector(1, 2)
        self.hits = 0

    def step(self):
        self.pos = self.pos.add(self.vel.scale(2))
        if self.pos.dot(self.vel) % 7 == 0:
            self.hits += 1
            self.vel = Vector(-self.vel.y, self.vel.x)


particles = [Particle(i) for i in range(100)]
for _ in range(5000):
    for p in particles:
        p.step()
print(sum(p.hits for p in particles), sum(p.pos.x + p.pos.y for p in particles))
