# load builtin (len, abs)
## body
len
abs
