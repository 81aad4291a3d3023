# A small ray tracer: a Vec3 class with operator overloading, spheres and a
# plane, diffuse and specular shading, shadows and one reflection bounce.
# Renders to a list of rows and prints a checksum of the 8-bit pixels.
import math


class Vec3:
    __slots__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def __add__(self, other):
        return Vec3(self.x + other.x, self.y + other.y, self.z + other.z)

    def __sub__(self, other):
        return Vec3(self.x - other.x, self.y - other.y, self.z - other.z)

    def __mul__(self, k):
        return Vec3(self.x * k, self.y * k, self.z * k)

    __rmul__ = __mul__

    def __neg__(self):
        return Vec3(-self.x, -self.y, -self.z)

    def dot(self, other):
        return self.x * other.x + self.y * other.y + self.z * other.z

    def cross(self, other):
        return Vec3(self.y * other.z - self.z * other.y,
                    self.z * other.x - self.x * other.z,
                    self.x * other.y - self.y * other.x)

    def length(self):
        return math.sqrt(self.dot(self))

    def normalized(self):
        return self * (1.0 / self.length())

    def hadamard(self, other):
        return Vec3(self.x * other.x, self.y * other.y, self.z * other.z)

    def __repr__(self):
        return f"Vec3({self.x:.3f}, {self.y:.3f}, {self.z:.3f})"


class Ray:
    def __init__(self, origin, direction):
        self.origin = origin
        self.direction = direction

    def at(self, t):
        return self.origin + self.direction * t


class Material:
    def __init__(self, color, diffuse=0.9, specular=0.3, shininess=32, reflect=0.0):
        self.color = color
        self.diffuse = diffuse
        self.specular = specular
        self.shininess = shininess
        self.reflect = reflect


class Sphere:
    def __init__(self, center, radius, material):
        self.center = center
        self.radius = radius
        self.material = material

    def intersect(self, ray):
        oc = ray.origin - self.center
        b = oc.dot(ray.direction)
        c = oc.dot(oc) - self.radius * self.radius
        disc = b * b - c
        if disc < 0:
            return None
        root = math.sqrt(disc)
        t = -b - root
        if t > 1e-4:
            return t
        t = -b + root
        if t > 1e-4:
            return t
        return None

    def normal_at(self, point):
        return (point - self.center).normalized()


class Plane:
    def __init__(self, point, normal, material, checker=None):
        self.point = point
        self.normal = normal.normalized()
        self.material = material
        self.checker = checker

    def intersect(self, ray):
        denom = self.normal.dot(ray.direction)
        if abs(denom) < 1e-9:
            return None
        t = (self.point - ray.origin).dot(self.normal) / denom
        return t if t > 1e-4 else None

    def normal_at(self, point):
        return self.normal

    def color_at(self, point):
        if self.checker and (math.floor(point.x) + math.floor(point.z)) % 2:
            return self.checker
        return self.material.color


class Light:
    def __init__(self, position, color):
        self.position = position
        self.color = color


class Scene:
    def __init__(self, objects, lights, ambient):
        self.objects = objects
        self.lights = lights
        self.ambient = ambient

    def hit(self, ray):
        nearest, nearest_t = None, float("inf")
        for obj in self.objects:
            t = obj.intersect(ray)
            if t is not None and t < nearest_t:
                nearest, nearest_t = obj, t
        return nearest, nearest_t

    def shadowed(self, point, light):
        to_light = light.position - point
        distance = to_light.length()
        ray = Ray(point, to_light * (1.0 / distance))
        for obj in self.objects:
            t = obj.intersect(ray)
            if t is not None and t < distance:
                return True
        return False

    def trace(self, ray, depth=0):
        obj, t = self.hit(ray)
        if obj is None:
            f = 0.5 * (ray.direction.y + 1.0)
            return Vec3(1.0, 1.0, 1.0) * (1.0 - f) + Vec3(0.5, 0.7, 1.0) * f
        point = ray.at(t)
        normal = obj.normal_at(point)
        material = obj.material
        base = obj.color_at(point) if isinstance(obj, Plane) else material.color
        color = base.hadamard(self.ambient)
        for light in self.lights:
            if self.shadowed(point, light):
                continue
            to_light = (light.position - point).normalized()
            lambert = normal.dot(to_light)
            if lambert > 0:
                color = color + base.hadamard(light.color) * (material.diffuse * lambert)
                half = (to_light - ray.direction).normalized()
                spec = max(0.0, normal.dot(half)) ** material.shininess
                color = color + light.color * (material.specular * spec)
        if material.reflect > 0 and depth < 2:
            d = ray.direction
            reflected = d - normal * (2 * d.dot(normal))
            bounce = self.trace(Ray(point, reflected.normalized()), depth + 1)
            color = color * (1 - material.reflect) + bounce * material.reflect
        return color


class Camera:
    def __init__(self, eye, target, up, fov, width, height):
        self.eye = eye
        self.width = width
        self.height = height
        forward = (target - eye).normalized()
        right = forward.cross(up).normalized()
        true_up = right.cross(forward)
        scale = math.tan(math.radians(fov) / 2)
        aspect = width / height
        self.forward = forward
        self.right = right * (scale * aspect)
        self.up = true_up * scale

    def ray_for(self, px, py):
        u = (2 * (px + 0.5) / self.width) - 1
        v = 1 - (2 * (py + 0.5) / self.height)
        direction = self.forward + self.right * u + self.up * v
        return Ray(self.eye, direction.normalized())


def to_byte(c):
    return max(0, min(255, int(255.99 * c)))


def render(width, height):
    scene = Scene(
        objects=[
            Sphere(Vec3(0, 1, 0), 1.0, Material(Vec3(0.9, 0.2, 0.2), reflect=0.3)),
            Sphere(Vec3(-2.2, 0.7, 0.8), 0.7, Material(Vec3(0.2, 0.8, 0.3))),
            Sphere(Vec3(2.0, 0.8, -0.5), 0.8, Material(Vec3(0.3, 0.4, 0.9), specular=0.8, shininess=64)),
            Sphere(Vec3(0.6, 0.3, 2.0), 0.3, Material(Vec3(0.95, 0.9, 0.2), reflect=0.5)),
            Plane(Vec3(0, 0, 0), Vec3(0, 1, 0), Material(Vec3(0.9, 0.9, 0.9), reflect=0.1),
                  checker=Vec3(0.2, 0.2, 0.2)),
        ],
        lights=[Light(Vec3(-5, 8, 5), Vec3(0.8, 0.8, 0.8)), Light(Vec3(6, 5, 2), Vec3(0.4, 0.35, 0.3))],
        ambient=Vec3(0.1, 0.1, 0.12),
    )
    camera = Camera(Vec3(0, 2.5, 7), Vec3(0, 0.8, 0), Vec3(0, 1, 0), 50, width, height)
    rows = []
    for py in range(height):
        row = []
        for px in range(width):
            c = scene.trace(camera.ray_for(px, py))
            row.append((to_byte(c.x), to_byte(c.y), to_byte(c.z)))
        rows.append(row)
    return rows


image = render(200, 150)
checksum = 0
for row in image:
    for r, g, b in row:
        checksum = (checksum * 131 + r * 65536 + g * 256 + b) % 4294967291
brightest = max(sum(p) for row in image for p in row)
print(len(image), len(image[0]), checksum, brightest, image[75][100])
