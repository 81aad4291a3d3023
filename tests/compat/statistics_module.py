# statistics: central values, spread and quantiles; int means stay ints
# when exact; floats compared rounded; errors are StatisticsError.
import statistics as st

ints = [2, 4, 4, 4, 5, 5, 7, 9]
print(st.mean(ints), st.mean([1, 2, 3, 4]), st.mean([1, 2, 3]), type(st.mean([1, 2, 3])).__name__)
print(st.median(ints), st.median([3, 1, 2]), st.median_low([1, 2, 3, 4]), st.median_high([1, 2, 3, 4]))
print(st.mode([1, 2, 2, 3]), st.mode("abracadabra"), st.multimode("aabbbbccddddeeffffgg"), st.multimode([]))
print(st.pvariance(ints), st.pstdev(ints), st.variance([1, 2, 3, 4, 5]), round(st.stdev(ints), 10))
floats = [2.75, 1.75, 1.25, 0.25, 0.5, 1.25, 3.5]
print(round(st.mean(floats), 12), round(st.variance(floats), 12), round(st.pstdev(floats), 12))
print(st.fmean([1, 2, 3, 4]), round(st.geometric_mean([54, 24, 36]), 9), round(st.harmonic_mean([40, 60]), 9))
print(st.quantiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), st.quantiles(range(1, 11), n=10, method="inclusive"))
print(st.median_grouped([52, 52, 53, 54]), st.fmean([1, 2, 3], weights=[3, 2, 1]) )
for f, arg in [(st.mean, []), (st.median, []), (st.mode, []), (st.variance, [1]), (st.stdev, [])]:
    try:
        f(arg)
    except st.StatisticsError as e:
        print(f.__name__, "StatisticsError:", e, isinstance(e, ValueError))
