# OSTEP ch. 4, question 6: process-run.py -l 3:0,5:100,5:100,5:100 (I/Os of 5 ticks)
job c1 i5 c2 i5 c2 i5 c1
job c5
job c5
job c5
