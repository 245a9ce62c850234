"""SEC XBRL companyfacts: the polite SEC client (`client`: User-Agent, rate limit, conditional
requests), the parser of every vintage of the tracked tags (`companyfacts`) and the collect
step. Nothing is imported here.
"""
