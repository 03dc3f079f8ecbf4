"""The worst case a playbook allows: schedules, events and holds, the timeline, calendars and
zones. Pure functions of the model (and the analysed year, passed in).
"""
