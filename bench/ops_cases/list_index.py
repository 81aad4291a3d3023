# lst[i]
# locals: lst, i
lst = [1, 2, 3]
i = 1
## body
lst[i]
