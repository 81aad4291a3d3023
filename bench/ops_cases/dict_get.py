# d[k] (str key)
# locals: d, k
d = {"a": 1, "b": 2, "c": 3}
k = "b"
## body
d[k]
