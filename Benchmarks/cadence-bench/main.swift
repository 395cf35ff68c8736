import ContentLine
import ICalendar

print("cadence-bench: benchmarks are added by the foundation issue")
