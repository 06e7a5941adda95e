# OSTEP ch. 8, figure 8.6 / question 4: job B gives up the CPU one tick before its 100-tick slice ends
job c4000
job c99 i1 c99 i1 c99 i1 c99 i1 c99 i1 c99 i1 c99 i1 c99 i1 c99 i1 c99 i1 c99 i1 c99 i1 c99 i1 c99 i1 c99 i1 c99 i1 c99 i1 c99 i1 c99 i1 c99 i1 c1
