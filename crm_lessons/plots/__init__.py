"""Every chart the lessons draw, one function per chart, all with one look.

Each function returns the matplotlib Axes; its title states the finding, its axes carry units,
and its colours come from a colour-blind-safe palette (Okabe and Ito).
"""

from crm_lessons.plots.attract import *  # noqa: F401,F403
from crm_lessons.plots.capstone import *  # noqa: F401,F403
from crm_lessons.plots.clv_diagnostics import *  # noqa: F401,F403
from crm_lessons.plots.course import *  # noqa: F401,F403
from crm_lessons.plots.develop import *  # noqa: F401,F403
from crm_lessons.plots.goals import *  # noqa: F401,F403
from crm_lessons.plots.identify import *  # noqa: F401,F403
from crm_lessons.plots.retain import *  # noqa: F401,F403
from crm_lessons.plots.style import PALETTE, finish, new_axes  # noqa: F401
from crm_lessons.plots.tables import *  # noqa: F401,F403
