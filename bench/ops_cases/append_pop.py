# list.append + pop
# locals: lst
lst = []
## body
lst.append(1)
lst.pop()
