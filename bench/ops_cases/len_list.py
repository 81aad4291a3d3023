# len(list)
# locals: lst
lst = [1, 2, 3]
## body
len(lst)
