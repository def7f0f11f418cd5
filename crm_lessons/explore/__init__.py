"""Interactive explorers (ipywidgets), each a thin layer over a pure function in crm_lessons.

Every explorer returns a widget whose first control is a slider or dropdown and whose output
(a table or chart) changes when it moves. Where no widget front end is running, it also shows
a static result, so a printed or exported notebook still makes sense.
"""

from crm_lessons.explore.attract import *  # noqa: F401,F403
from crm_lessons.explore.capstone import *  # noqa: F401,F403
from crm_lessons.explore.develop import *  # noqa: F401,F403
from crm_lessons.explore.goals import *  # noqa: F401,F403
from crm_lessons.explore.identify import *  # noqa: F401,F403
from crm_lessons.explore.retain import *  # noqa: F401,F403
