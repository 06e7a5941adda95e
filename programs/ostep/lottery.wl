# OSTEP ch. 9, question 3: two jobs of 100 ticks with 100 tickets each; how unfair is the lottery?
tickets=100 job c100
tickets=100 job c100
