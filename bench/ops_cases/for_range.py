# for over range(10)
# n: 20000
## body
for x in range(10):
    pass
