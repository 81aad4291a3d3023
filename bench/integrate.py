# Numerical integration of x**2 over [0, 10] with a plain for loop.
def f(x):
    return x**2


def integrate(f, a, b, N):
    s = 0
    dx = (b - a) / N
    for i in range(N):
        s += f(a + i * dx)
    return s * dx


print(round(integrate(f, 0, 10, 10**7), 3))
