# A forked Oscar app must import the models itself. They stay Oscar's unchanged.
from oscar.apps.partner.models import *  # noqa: F401,F403
