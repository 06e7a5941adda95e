# OSTEP ch. 7, figures 7.4 and 7.5: A needs 100 ticks, B and C arrive at tick 10 needing 10 each
length=100 job c100
at=10 length=10 job c10
at=10 length=10 job c10
