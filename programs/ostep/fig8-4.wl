# OSTEP ch. 8, figure 8.4: a long CPU-bound job A, and an interactive job B arriving at tick 50
# that computes for 1 tick, then waits 5 ticks for I/O, 25 times
job c200
at=50 job c1 i5 c1 i5 c1 i5 c1 i5 c1 i5 c1 i5 c1 i5 c1 i5 c1 i5 c1 i5 c1 i5 c1 i5 c1 i5 c1 i5 c1 i5 c1 i5 c1 i5 c1 i5 c1 i5 c1 i5 c1 i5 c1 i5 c1 i5 c1 i5 c1 i5 c1
