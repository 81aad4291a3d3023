# try: with no exception
## body
try:
    pass
except ValueError:
    pass
