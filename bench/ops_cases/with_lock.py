# with lock: (threading.Lock)
# locals: l
import threading
l = threading.Lock()
## body
with l:
    pass
