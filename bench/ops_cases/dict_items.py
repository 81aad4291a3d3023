# for k, v in d.items() (10 items)
# locals: d
# n: 20000
d = {str(i): i for i in range(10)}
## body
for k, v in d.items():
    pass
