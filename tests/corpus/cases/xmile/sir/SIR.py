"""
Python model 'SIR.py'
Translated using PySD
"""

from pathlib import Path

from pysd.py_backend.statefuls import Integ
from pysd import Component

__pysd_version__ = "3.14.3"

__data = {"scope": None, "time": lambda: 0}

_root = Path(__file__).parent


component = Component()

#######################################################################
#                          CONTROL VARIABLES                          #
#######################################################################

_control_vars = {
    "initial_time": lambda: 0,
    "final_time": lambda: 100,
    "time_step": lambda: 0.03125,
    "saveper": lambda: time_step(),
}


def _init_outer_references(data):
    for key in data:
        __data[key] = data[key]


@component.add(name="Time")
def time():
    """
    Current time of the model.
    """
    return __data["time"]()


@component.add(
    name="INITIAL TIME", units="Time", comp_type="Constant", comp_subtype="Normal"
)
def initial_time():
    """
    The initial time for the simulation.
    """
    return __data["time"].initial_time()


@component.add(
    name="FINAL TIME", units="Time", comp_type="Constant", comp_subtype="Normal"
)
def final_time():
    """
    The final time for the simulation.
    """
    return __data["time"].final_time()


@component.add(
    name="TIME STEP", units="Time", comp_type="Constant", comp_subtype="Normal"
)
def time_step():
    """
    The time step for the simulation.
    """
    return __data["time"].time_step()


@component.add(
    name="SAVEPER",
    units="Time",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"time_step": 1},
)
def saveper():
    """
    The save time step for the simulation.
    """
    return __data["time"].saveper()


#######################################################################
#                           MODEL VARIABLES                           #
#######################################################################


@component.add(
    name="total_population", units="people", comp_type="Constant", comp_subtype="Normal"
)
def total_population():
    return 1000


@component.add(
    name="duration", units="days", comp_type="Constant", comp_subtype="Normal"
)
def duration():
    return 5


@component.add(name="contact_infectivity", comp_type="Constant", comp_subtype="Normal")
def contact_infectivity():
    return 0.3


@component.add(
    name="succumbing",
    units="person/time",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "susceptible": 1,
        "infectious": 1,
        "total_population": 1,
        "contact_infectivity": 1,
    },
)
def succumbing():
    return susceptible() * infectious() / total_population() * contact_infectivity()


@component.add(
    name="recovering",
    units="person/time",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"infectious": 1, "duration": 1},
)
def recovering():
    return infectious() / duration()


@component.add(
    name="susceptible",
    units="people",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_susceptible": 1},
    other_deps={
        "_integ_susceptible": {
            "initial": {"total_population": 1},
            "step": {"succumbing": 1},
        }
    },
)
def susceptible():
    return _integ_susceptible()


_integ_susceptible = Integ(
    lambda: -succumbing(), lambda: total_population(), "_integ_susceptible"
)


@component.add(
    name="infectious",
    units="people",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_infectious": 1},
    other_deps={
        "_integ_infectious": {"initial": {}, "step": {"succumbing": 1, "recovering": 1}}
    },
)
def infectious():
    return _integ_infectious()


_integ_infectious = Integ(
    lambda: succumbing() - recovering(), lambda: 5, "_integ_infectious"
)


@component.add(
    name="recovered",
    units="people",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_recovered": 1},
    other_deps={"_integ_recovered": {"initial": {}, "step": {"recovering": 1}}},
)
def recovered():
    return _integ_recovered()


_integ_recovered = Integ(lambda: recovering(), lambda: 0, "_integ_recovered")
