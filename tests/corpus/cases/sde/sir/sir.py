"""
Python model 'sir.py'
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
    "final_time": lambda: 200,
    "time_step": lambda: 0.0625,
    "saveper": lambda: 2,
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
    name="FINAL TIME", units="Day", comp_type="Constant", comp_subtype="Normal"
)
def final_time():
    """
    The final time for the simulation.
    """
    return __data["time"].final_time()


@component.add(
    name="INITIAL TIME", units="Day", comp_type="Constant", comp_subtype="Normal"
)
def initial_time():
    """
    The initial time for the simulation.
    """
    return __data["time"].initial_time()


@component.add(name="SAVEPER", units="Day", comp_type="Constant", comp_subtype="Normal")
def saveper():
    """
    The frequency with which output is stored.
    """
    return __data["time"].saveper()


@component.add(
    name="TIME STEP", units="Day", comp_type="Constant", comp_subtype="Normal"
)
def time_step():
    """
    The time step for the simulation.
    """
    return __data["time"].time_step()


#######################################################################
#                           MODEL VARIABLES                           #
#######################################################################


@component.add(
    name="Infectious Population I",
    units="People",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_infectious_population_i": 1},
    other_deps={
        "_integ_infectious_population_i": {
            "initial": {},
            "step": {"infection_rate": 1, "recovery_rate": 1},
        }
    },
)
def infectious_population_i():
    """
    The infectious population accumulates the infection rate and the inmigration of infectious rate less the recovery rate.
    """
    return _integ_infectious_population_i()


_integ_infectious_population_i = Integ(
    lambda: infection_rate() - recovery_rate(),
    lambda: 1,
    "_integ_infectious_population_i",
)


@component.add(
    name="Initial Contact Rate",
    units="1/Day",
    comp_type="Constant",
    comp_subtype="Normal",
)
def initial_contact_rate():
    """
    The initial contact rate; the actual contact rate rises at a slope determined by the user.
    """
    return 2.5


@component.add(
    name="Contact Rate c",
    units="1/Day",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"initial_contact_rate": 1},
)
def contact_rate_c():
    """
    People in the community interact at a certain rate (the Contact Rate, c, measured in people contacted per person per time period, or 1/time periods). The contact rate rises at the Ramp Slope starting in day 1.
    """
    return initial_contact_rate()


@component.add(
    name="Reproduction Rate",
    units="Dimensionless",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "contact_rate_c": 1,
        "infectivity_i": 1,
        "average_duration_of_illness_d": 1,
        "susceptible_population_s": 1,
        "total_population_p": 1,
    },
)
def reproduction_rate():
    return (
        contact_rate_c()
        * infectivity_i()
        * average_duration_of_illness_d()
        * susceptible_population_s()
        / total_population_p()
    )


@component.add(
    name="Total Population P",
    units="People",
    comp_type="Constant",
    comp_subtype="Normal",
)
def total_population_p():
    """
    The total population is constant
    """
    return 10000


@component.add(
    name="Infection Rate",
    units="People/Day",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "contact_rate_c": 1,
        "infectivity_i": 1,
        "susceptible_population_s": 1,
        "infectious_population_i": 1,
        "total_population_p": 1,
    },
)
def infection_rate():
    """
    The infection rate is the total number of encounters Sc multiplied by the probability that any of those encounters is with an infectious individual I/N, and finally multiplied by the probability that an encounter with an infectious person results in infection i.
    """
    return (
        contact_rate_c()
        * infectivity_i()
        * susceptible_population_s()
        * infectious_population_i()
        / total_population_p()
    )


@component.add(
    name="Average Duration of Illness d",
    units="Day",
    comp_type="Constant",
    comp_subtype="Normal",
)
def average_duration_of_illness_d():
    """
    The average length of time that a person is infectious.
    """
    return 2


@component.add(
    name="Recovered Population R",
    units="People",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_recovered_population_r": 1},
    other_deps={
        "_integ_recovered_population_r": {"initial": {}, "step": {"recovery_rate": 1}}
    },
)
def recovered_population_r():
    """
    The recovered population R accumulates the recovery rate
    """
    return _integ_recovered_population_r()


_integ_recovered_population_r = Integ(
    lambda: recovery_rate(), lambda: 0, "_integ_recovered_population_r"
)


@component.add(
    name="Recovery Rate",
    units="People/Day",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"infectious_population_i": 1, "average_duration_of_illness_d": 1},
)
def recovery_rate():
    """
    The rate at which the infected population recover and become immune to the infection.
    """
    return infectious_population_i() / average_duration_of_illness_d()


@component.add(
    name="Infectivity i",
    units="Dimensionless",
    comp_type="Constant",
    comp_subtype="Normal",
)
def infectivity_i():
    """
    The infectivity (i) of the disease is the probability that a person will become infected after exposure to someone with the disease.
    """
    return 0.25


@component.add(
    name="Susceptible Population S",
    units="People",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_susceptible_population_s": 1},
    other_deps={
        "_integ_susceptible_population_s": {
            "initial": {
                "total_population_p": 1,
                "infectious_population_i": 1,
                "recovered_population_r": 1,
            },
            "step": {"infection_rate": 1},
        }
    },
)
def susceptible_population_s():
    """
    The susceptible population, as in the simple logistic epidemic model, is reduced by the infection rate. The initial susceptible population is the total population less the initial number of infectives and any initially recovered individuals.
    """
    return _integ_susceptible_population_s()


_integ_susceptible_population_s = Integ(
    lambda: -infection_rate(),
    lambda: total_population_p() - infectious_population_i() - recovered_population_r(),
    "_integ_susceptible_population_s",
)
