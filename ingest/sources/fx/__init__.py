"""ECB euro reference rates: the parser of the rate files (`rates`) and the collect step.
Nothing is imported here.
"""
