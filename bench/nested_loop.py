# Nested loops over ranges with a multiplication in the body.
n = 3000
count = 0
for x in range(1, n):
    for y in range(1, n):
        x * y
    count += 1
print(count)
