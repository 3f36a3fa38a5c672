"""The web pages of ``onrecord serve``: Jinja2 templates and static files in the package.

Nothing is loaded from the network: the stylesheet, the one small script and the chart
are all served from here.
"""

from onrecord.web.forms import router as forms_router
from onrecord.web.pages import home_data
from onrecord.web.pages import router as pages_router

__all__ = ["forms_router", "home_data", "pages_router"]
