"""
Python model 'wrld3-03.py'
Translated using PySD
"""

from pathlib import Path
import numpy as np

from pysd.py_backend.functions import active_initial, if_then_else
from pysd.py_backend.statefuls import Delay, Integ, Smooth
from pysd.py_backend.lookups import HardcodedLookups
from pysd import Component

__pysd_version__ = "3.14.3"

__data = {"scope": None, "time": lambda: 0}

_root = Path(__file__).parent


component = Component()

#######################################################################
#                          CONTROL VARIABLES                          #
#######################################################################

_control_vars = {
    "initial_time": lambda: 1900,
    "final_time": lambda: 2100,
    "time_step": lambda: 0.5,
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
    name="FINAL TIME", units="year", comp_type="Constant", comp_subtype="Normal"
)
def final_time():
    """
    The time at which simulation stops.
    """
    return __data["time"].final_time()


@component.add(
    name="INITIAL TIME", units="year", comp_type="Constant", comp_subtype="Normal"
)
def initial_time():
    """
    The time at which the simulation begins.
    """
    return __data["time"].initial_time()


@component.add(
    name="SAVEPER",
    units="year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"time_step": 1},
)
def saveper():
    """
    The frequency with which results are saved.
    """
    return __data["time"].saveper()


@component.add(
    name="TIME STEP", units="year", comp_type="Constant", comp_subtype="Normal"
)
def time_step():
    """
    The time step for computing the model
    """
    return __data["time"].time_step()


#######################################################################
#                           MODEL VARIABLES                           #
#######################################################################


@component.add(
    name="GDP pc unit",
    units="$/Person/year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def gdp_pc_unit():
    return 1


@component.add(
    name="unit agricultural input",
    units="$/hectare/year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def unit_agricultural_input():
    return 1


@component.add(
    name="unit population", units="Person", comp_type="Constant", comp_subtype="Normal"
)
def unit_population():
    return 1


@component.add(
    name='"Absorption Land (GHA)"',
    units="Ghectares",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "persistent_pollution_generation_rate": 1,
        "ha_per_unit_of_pollution": 1,
        "ha_per_gha": 1,
    },
)
def absorption_land_gha():
    return (
        persistent_pollution_generation_rate()
        * ha_per_unit_of_pollution()
        / ha_per_gha()
    )


@component.add(
    name='"Arable Land in Gigahectares (GHA)"',
    units="Ghectares",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"arable_land": 1, "ha_per_gha": 1},
)
def arable_land_in_gigahectares_gha():
    return arable_land() / ha_per_gha()


@component.add(
    name="Education Index",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"gdp_per_capita": 1, "gdp_pc_unit": 1, "education_index_lookup": 1},
)
def education_index():
    return education_index_lookup(gdp_per_capita() / gdp_pc_unit())


@component.add(
    name="Education Index LOOKUP",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={"__lookup__": "_hardcodedlookup_education_index_lookup"},
)
def education_index_lookup(x, final_subs=None):
    return _hardcodedlookup_education_index_lookup(x, final_subs)


_hardcodedlookup_education_index_lookup = HardcodedLookups(
    [0.0, 1000.0, 2000.0, 3000.0, 4000.0, 5000.0, 6000.0, 7000.0],
    [0.0, 0.81, 0.88, 0.92, 0.95, 0.98, 0.99, 1.0],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_education_index_lookup",
)


@component.add(
    name="GDP Index",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"gdp_per_capita": 1, "ref_lo_gdp": 2, "ref_hi_gdp": 1},
)
def gdp_index():
    return float((np.log(gdp_per_capita() / ref_lo_gdp()) / np.log(10))) / float(
        (np.log(ref_hi_gdp() / ref_lo_gdp()) / np.log(10))
    )


@component.add(
    name="GDP per capita",
    units="$/(year*Person)",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "industrial_output_per_capita": 1,
        "gdp_pc_unit": 1,
        "gdp_per_capita_lookup": 1,
    },
)
def gdp_per_capita():
    return gdp_per_capita_lookup(industrial_output_per_capita() / gdp_pc_unit())


@component.add(
    name="GDP per capita LOOKUP",
    units="$/(year*Person)",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={"__lookup__": "_hardcodedlookup_gdp_per_capita_lookup"},
)
def gdp_per_capita_lookup(x, final_subs=None):
    return _hardcodedlookup_gdp_per_capita_lookup(x, final_subs)


_hardcodedlookup_gdp_per_capita_lookup = HardcodedLookups(
    [0, 200, 400, 600, 800, 1000],
    [120, 600, 1200, 1800, 2500, 3200],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_gdp_per_capita_lookup",
)


@component.add(
    name="ha per Gha",
    units="hectare/Ghectare",
    comp_type="Constant",
    comp_subtype="Normal",
)
def ha_per_gha():
    return 1000000000.0


@component.add(
    name="ha per unit of pollution",
    units="hectares/(Pollution units/year)",
    comp_type="Constant",
    comp_subtype="Normal",
)
def ha_per_unit_of_pollution():
    return 4


@component.add(
    name="Human Ecological Footprint",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "arable_land_in_gigahectares_gha": 1,
        "urban_land_gha": 1,
        "absorption_land_gha": 1,
        "total_land": 1,
    },
)
def human_ecological_footprint():
    """
    See Appendix 2 of Limits to Growth - the 30-Year Update for discussion of this index
    """
    return (
        arable_land_in_gigahectares_gha() + urban_land_gha() + absorption_land_gha()
    ) / total_land()


@component.add(
    name="Human Welfare Index",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"life_expectancy_index": 1, "education_index": 1, "gdp_index": 1},
)
def human_welfare_index():
    """
    See Appendix 2 of Limits to Growth - the 30-Year Update for discussion of this index
    """
    return (life_expectancy_index() + education_index() + gdp_index()) / 3


@component.add(
    name="Life Expectancy Index",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"life_expectancy": 1, "one_year": 1, "life_expectancy_index_lookup": 1},
)
def life_expectancy_index():
    return life_expectancy_index_lookup(life_expectancy() / one_year())


@component.add(
    name="Life Expectancy Index LOOKUP",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={"__lookup__": "_hardcodedlookup_life_expectancy_index_lookup"},
)
def life_expectancy_index_lookup(x, final_subs=None):
    return _hardcodedlookup_life_expectancy_index_lookup(x, final_subs)


_hardcodedlookup_life_expectancy_index_lookup = HardcodedLookups(
    [25.0, 35.0, 45.0, 55.0, 65.0, 75.0, 85.0],
    [0.0, 0.16, 0.33, 0.5, 0.67, 0.84, 1.0],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_life_expectancy_index_lookup",
)


@component.add(
    name="one year", units="year", comp_type="Constant", comp_subtype="Normal"
)
def one_year():
    return 1


@component.add(
    name="Ref Hi GDP",
    units="$/(year*Person)",
    comp_type="Constant",
    comp_subtype="Normal",
)
def ref_hi_gdp():
    return 9508


@component.add(
    name="Ref Lo GDP",
    units="$/(year*Person)",
    comp_type="Constant",
    comp_subtype="Normal",
)
def ref_lo_gdp():
    return 24


@component.add(
    name="Total Land", units="Ghectares", comp_type="Constant", comp_subtype="Normal"
)
def total_land():
    return 1.91


@component.add(
    name='"Urban Land (GHA)"',
    units="Ghectares",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"urban_and_industrial_land": 1, "ha_per_gha": 1},
)
def urban_land_gha():
    return urban_and_industrial_land() / ha_per_gha()


@component.add(
    name="Arable Land",
    units="hectare",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_arable_land": 1},
    other_deps={
        "_integ_arable_land": {
            "initial": {"initial_arable_land": 1},
            "step": {
                "land_development_rate": 1,
                "land_erosion_rate": 1,
                "land_removal_for_urban_and_industrial_use": 1,
            },
        }
    },
)
def arable_land():
    """
    Arable land (AL#85).
    """
    return _integ_arable_land()


_integ_arable_land = Integ(
    lambda: land_development_rate()
    - land_erosion_rate()
    - land_removal_for_urban_and_industrial_use(),
    lambda: initial_arable_land(),
    "_integ_arable_land",
)


@component.add(
    name="initial arable land",
    units="hectare",
    comp_type="Constant",
    comp_subtype="Normal",
)
def initial_arable_land():
    """
    The initial amount of land that is arable. (ALI#85.2).
    """
    return 900000000.0


@component.add(
    name="development cost per hectare",
    units="$/hectare",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "potentially_arable_land": 1,
        "potentially_arable_land_total": 1,
        "development_cost_per_hectare_table": 1,
    },
)
def development_cost_per_hectare():
    """
    Development cost per hectare (DCPH#97).
    """
    return development_cost_per_hectare_table(
        potentially_arable_land() / potentially_arable_land_total()
    )


@component.add(
    name="development cost per hectare table",
    units="$/hectare",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={"__lookup__": "_hardcodedlookup_development_cost_per_hectare_table"},
)
def development_cost_per_hectare_table(x, final_subs=None):
    """
    Table relating undeveloped land to the cost of land development (DCPHT#97.1).
    """
    return _hardcodedlookup_development_cost_per_hectare_table(x, final_subs)


_hardcodedlookup_development_cost_per_hectare_table = HardcodedLookups(
    [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0],
    [
        1.0e05,
        7.4e03,
        5.2e03,
        3.5e03,
        2.4e03,
        1.5e03,
        7.5e02,
        3.0e02,
        1.5e02,
        7.5e01,
        5.0e01,
    ],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_development_cost_per_hectare_table",
)


@component.add(
    name="food",
    units="Veg equiv kg/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "land_yield": 1,
        "arable_land": 1,
        "land_fraction_harvested": 1,
        "processing_loss": 1,
    },
)
def food():
    """
    The total amount of usable food (F#87).
    """
    return (
        land_yield()
        * arable_land()
        * land_fraction_harvested()
        * (1 - processing_loss())
    )


@component.add(
    name="food per capita",
    units="Veg equiv kg/(Person*year)",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"food": 1, "population": 1},
)
def food_per_capita():
    """
    Food per capita (FPC#88)
    """
    return food() / population()


@component.add(
    name="land development rate",
    units="hectare/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "total_agricultural_investment": 1,
        "fraction_of_agricultural_inputs_allocated_to_land_development": 1,
        "development_cost_per_hectare": 1,
    },
)
def land_development_rate():
    """
    The land developmen rate (LDR#96).
    """
    return (
        total_agricultural_investment()
        * fraction_of_agricultural_inputs_allocated_to_land_development()
        / development_cost_per_hectare()
    )


@component.add(
    name="land fr cult",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"arable_land": 1, "potentially_arable_land_total": 1},
)
def land_fr_cult():
    """
    Land fraction under cultivarion (LFC#84).
    """
    return arable_land() / potentially_arable_land_total()


@component.add(
    name="land fraction harvested",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def land_fraction_harvested():
    """
    Land fraction harvested (LFH#87.1).
    """
    return 0.7


@component.add(
    name="fraction of industrial output allocated to agriculture 1",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "food_per_capita": 1,
        "indicated_food_per_capita": 1,
        "fraction_industrial_output_allocated_to_agriculture_table_1": 1,
    },
)
def fraction_of_industrial_output_allocated_to_agriculture_1():
    """
    Fraction of industrial output allocated to agriculture before policy time (FIOAA1#94).
    """
    return fraction_industrial_output_allocated_to_agriculture_table_1(
        food_per_capita() / indicated_food_per_capita()
    )


@component.add(
    name="fraction industrial output allocated to agriculture table 1",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_fraction_industrial_output_allocated_to_agriculture_table_1"
    },
)
def fraction_industrial_output_allocated_to_agriculture_table_1(x, final_subs=None):
    """
    Table relating food per capita to the fraction of industrial output allocated to agriculture (FIOAA1T#94.1).
    """
    return _hardcodedlookup_fraction_industrial_output_allocated_to_agriculture_table_1(
        x, final_subs
    )


_hardcodedlookup_fraction_industrial_output_allocated_to_agriculture_table_1 = (
    HardcodedLookups(
        [0.0, 0.5, 1.0, 1.5, 2.0, 2.5],
        [0.4, 0.2, 0.1, 0.025, 0.0, 0.0],
        {},
        "interpolate",
        {},
        "_hardcodedlookup_fraction_industrial_output_allocated_to_agriculture_table_1",
    )
)


@component.add(
    name="fraction of industrial output allocated to agriculture 2",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "food_per_capita": 1,
        "indicated_food_per_capita": 1,
        "fraction_industrial_output_allocated_to_agriculture_table_2": 1,
    },
)
def fraction_of_industrial_output_allocated_to_agriculture_2():
    """
    Fraction of industrial output allocated to agriculture after policy time (FIOAA2#95).
    """
    return fraction_industrial_output_allocated_to_agriculture_table_2(
        food_per_capita() / indicated_food_per_capita()
    )


@component.add(
    name="fraction industrial output allocated to agriculture table 2",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_fraction_industrial_output_allocated_to_agriculture_table_2"
    },
)
def fraction_industrial_output_allocated_to_agriculture_table_2(x, final_subs=None):
    """
    Table relating food per capita to the fraction of industrial output allocated to agriculture (FIOAA2T#95.1).
    """
    return _hardcodedlookup_fraction_industrial_output_allocated_to_agriculture_table_2(
        x, final_subs
    )


_hardcodedlookup_fraction_industrial_output_allocated_to_agriculture_table_2 = (
    HardcodedLookups(
        [0.0, 0.5, 1.0, 1.5, 2.0, 2.5],
        [0.4, 0.2, 0.1, 0.025, 0.0, 0.0],
        {},
        "interpolate",
        {},
        "_hardcodedlookup_fraction_industrial_output_allocated_to_agriculture_table_2",
    )
)


@component.add(
    name="indicated food per capita 1",
    units="Veg equiv kg/(Person*year)",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "industrial_output_per_capita": 1,
        "gdp_pc_unit": 1,
        "indicated_food_per_capita_table_1": 1,
    },
)
def indicated_food_per_capita_1():
    """
    Indicated foord per capita befor policy time (IFPC1#90).
    """
    return indicated_food_per_capita_table_1(
        industrial_output_per_capita() / gdp_pc_unit()
    )


@component.add(
    name="indicated food per capita table 1",
    units="Veg equiv kg/(Person*year)",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={"__lookup__": "_hardcodedlookup_indicated_food_per_capita_table_1"},
)
def indicated_food_per_capita_table_1(x, final_subs=None):
    """
    Table relating industrial output to indicated food requirements 1 (IFPC1T#90.1).
    """
    return _hardcodedlookup_indicated_food_per_capita_table_1(x, final_subs)


_hardcodedlookup_indicated_food_per_capita_table_1 = HardcodedLookups(
    [0, 200, 400, 600, 800, 1000, 1200, 1400, 1600],
    [230, 480, 690, 850, 970, 1070, 1150, 1210, 1250],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_indicated_food_per_capita_table_1",
)


@component.add(
    name="indicated food per capita 2",
    units="Veg equiv kg/(Person*year)",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "industrial_output_per_capita": 1,
        "gdp_pc_unit": 1,
        "indicated_food_per_capita_table_2": 1,
    },
)
def indicated_food_per_capita_2():
    """
    Indicated foord per capita after policy time (IFPC1#90).
    """
    return indicated_food_per_capita_table_2(
        industrial_output_per_capita() / gdp_pc_unit()
    )


@component.add(
    name="indicated food per capita table 2",
    units="Veg equiv kg/(Person*year)",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={"__lookup__": "_hardcodedlookup_indicated_food_per_capita_table_2"},
)
def indicated_food_per_capita_table_2(x, final_subs=None):
    """
    Table relating industrial output to indicated food requirements 2 (IFPC1T#90.1).
    """
    return _hardcodedlookup_indicated_food_per_capita_table_2(x, final_subs)


_hardcodedlookup_indicated_food_per_capita_table_2 = HardcodedLookups(
    [0, 200, 400, 600, 800, 1000, 1200, 1400, 1600],
    [230, 480, 690, 850, 970, 1070, 1150, 1210, 1250],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_indicated_food_per_capita_table_2",
)


@component.add(
    name="Potentially Arable Land",
    units="hectare",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_potentially_arable_land": 1},
    other_deps={
        "_integ_potentially_arable_land": {
            "initial": {"initial_potentially_arable_land": 1},
            "step": {"land_development_rate": 1},
        }
    },
)
def potentially_arable_land():
    """
    POTENTIALLY ARABLE LAND (PAL#86).
    """
    return _integ_potentially_arable_land()


_integ_potentially_arable_land = Integ(
    lambda: -land_development_rate(),
    lambda: initial_potentially_arable_land(),
    "_integ_potentially_arable_land",
)


@component.add(
    name="initial potentially arable land",
    units="hectare",
    comp_type="Constant",
    comp_subtype="Normal",
)
def initial_potentially_arable_land():
    """
    The initial amount of potentially arable land (PALI#86.2).
    """
    return 2300000000.0


@component.add(
    name="potentially arable land total",
    units="hectare",
    comp_type="Constant",
    comp_subtype="Normal",
)
def potentially_arable_land_total():
    """
    POTENTIALLY ARABLE LAND TOTAL (PALT#84.1).
    """
    return 3200000000.0


@component.add(
    name="processing loss", units="Dmnl", comp_type="Constant", comp_subtype="Normal"
)
def processing_loss():
    """
    PROCESSING LOSS (PL#87.2)
    """
    return 0.1


@component.add(
    name="fraction of industrial output allocated to agriculture",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "time": 1,
        "policy_year": 1,
        "fraction_of_industrial_output_allocated_to_agriculture_2": 1,
        "fraction_of_industrial_output_allocated_to_agriculture_1": 1,
    },
)
def fraction_of_industrial_output_allocated_to_agriculture():
    """
    FRACTION OF INDUSTRIAL OUTPUT ALLOCATED TO AGRICULTURE (FIOAA#93).
    """
    return if_then_else(
        time() >= policy_year(),
        lambda: fraction_of_industrial_output_allocated_to_agriculture_2(),
        lambda: fraction_of_industrial_output_allocated_to_agriculture_1(),
    )


@component.add(
    name="indicated food per capita",
    units="Veg equiv kg/(Person*year)",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "time": 1,
        "policy_year": 1,
        "indicated_food_per_capita_2": 1,
        "indicated_food_per_capita_1": 1,
    },
)
def indicated_food_per_capita():
    """
    Indicated food per capita (IFPC#89).
    """
    return if_then_else(
        time() >= policy_year(),
        lambda: indicated_food_per_capita_2(),
        lambda: indicated_food_per_capita_1(),
    )


@component.add(
    name="total agricultural investment",
    units="$/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "industrial_output": 1,
        "fraction_of_industrial_output_allocated_to_agriculture": 1,
    },
)
def total_agricultural_investment():
    """
    TOTAL AGRICULTURAL INVESTMENT (TAI#92)
    """
    return (
        industrial_output() * fraction_of_industrial_output_allocated_to_agriculture()
    )


@component.add(
    name="Agricultural Inputs",
    units="$/year",
    comp_type="Stateful",
    comp_subtype="Smooth",
    depends_on={"_smooth_agricultural_inputs": 1},
    other_deps={
        "_smooth_agricultural_inputs": {
            "initial": {"current_agricultural_inputs": 1},
            "step": {
                "current_agricultural_inputs": 1,
                "average_life_agricultural_inputs": 1,
            },
        }
    },
)
def agricultural_inputs():
    """
    AGRICULTURAL INPUTS (AI#99)
    """
    return _smooth_agricultural_inputs()


_smooth_agricultural_inputs = Smooth(
    lambda: current_agricultural_inputs(),
    lambda: average_life_agricultural_inputs(),
    lambda: current_agricultural_inputs(),
    lambda: 1,
    "_smooth_agricultural_inputs",
)


@component.add(
    name="average life agricultural inputs",
    units="year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "time": 1,
        "policy_year": 1,
        "average_life_of_agricultural_inputs_2": 1,
        "average_life_of_agricultural_inputs_1": 1,
    },
)
def average_life_agricultural_inputs():
    """
    AVERAGE LIFETIME OF AGRICULTURAL INPUTS (ALAI#100)
    """
    return if_then_else(
        time() >= policy_year(),
        lambda: average_life_of_agricultural_inputs_2(),
        lambda: average_life_of_agricultural_inputs_1(),
    )


@component.add(
    name="agricultural input per hectare",
    units="$/(year*hectare)",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "agricultural_inputs": 1,
        "fraction_of_agricultural_inputs_for_land_maintenance": 1,
        "arable_land": 1,
    },
)
def agricultural_input_per_hectare():
    """
    AGRICULTURAL INPUTS PER HECTARE (AIPH#101)
    """
    return (
        agricultural_inputs()
        * (1 - fraction_of_agricultural_inputs_for_land_maintenance())
        / arable_land()
    )


@component.add(
    name="current agricultural inputs",
    units="$/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"_active_initial_current_agricultural_inputs": 1},
    other_deps={
        "_active_initial_current_agricultural_inputs": {
            "initial": {},
            "step": {
                "total_agricultural_investment": 1,
                "fraction_of_agricultural_inputs_allocated_to_land_development": 1,
            },
        }
    },
)
def current_agricultural_inputs():
    """
    CURRENT AGRICULTURAL INPUTS (CAI#98).
    """
    return active_initial(
        __data["time"].stage,
        lambda: total_agricultural_investment()
        * (1 - fraction_of_agricultural_inputs_allocated_to_land_development()),
        5000000000.0,
    )


@component.add(
    name="desired food ratio", units="Dmnl", comp_type="Constant", comp_subtype="Normal"
)
def desired_food_ratio():
    """
    desired food ratio (DFR#--)
    """
    return 2


@component.add(
    name="IND OUT IN 1970", units="$/year", comp_type="Constant", comp_subtype="Normal"
)
def ind_out_in_1970():
    """
    INDUSTRIAL OUTPUT IN 1970 (IO70#107.2)
    """
    return 790000000000.0


@component.add(
    name="land yield",
    units="Veg equiv kg/(year*hectare)",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "land_yield_multiplier_from_technology": 1,
        "land_fertility": 1,
        "land_yield_multiplier_from_capital": 1,
        "land_yield_multiplier_from_air_pollution": 1,
    },
)
def land_yield():
    """
    LAND YIELD (LY#103)
    """
    return (
        land_yield_multiplier_from_technology()
        * land_fertility()
        * land_yield_multiplier_from_capital()
        * land_yield_multiplier_from_air_pollution()
    )


@component.add(
    name="land yield multiplier from capital",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "agricultural_input_per_hectare": 1,
        "unit_agricultural_input": 1,
        "land_yield_multiplier_from_capital_table": 1,
    },
)
def land_yield_multiplier_from_capital():
    """
    LAND YIELD MULTIPLIER FROM CAPITAL (LYMC#102)
    """
    return land_yield_multiplier_from_capital_table(
        agricultural_input_per_hectare() / unit_agricultural_input()
    )


@component.add(
    name="land yield multiplier from capital table",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_land_yield_multiplier_from_capital_table"
    },
)
def land_yield_multiplier_from_capital_table(x, final_subs=None):
    """
    Table relating agricultural inputs to land yeild (LYMCT#102.1).
    """
    return _hardcodedlookup_land_yield_multiplier_from_capital_table(x, final_subs)


_hardcodedlookup_land_yield_multiplier_from_capital_table = HardcodedLookups(
    [
        0.0,
        40.0,
        80.0,
        120.0,
        160.0,
        200.0,
        240.0,
        280.0,
        320.0,
        360.0,
        400.0,
        440.0,
        480.0,
        520.0,
        560.0,
        600.0,
        640.0,
        680.0,
        720.0,
        760.0,
        800.0,
        840.0,
        880.0,
        920.0,
        960.0,
        1000.0,
    ],
    [
        1.0,
        3.0,
        4.5,
        5.0,
        5.3,
        5.6,
        5.9,
        6.1,
        6.35,
        6.6,
        6.9,
        7.2,
        7.4,
        7.6,
        7.8,
        8.0,
        8.2,
        8.4,
        8.6,
        8.8,
        9.0,
        9.2,
        9.4,
        9.6,
        9.8,
        10.0,
    ],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_land_yield_multiplier_from_capital_table",
)


@component.add(
    name="average life of agricultural inputs 1",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def average_life_of_agricultural_inputs_1():
    """
    The average life of agricultural inputs before policy time (ALAI1#100.1)
    """
    return 2


@component.add(
    name="average life of agricultural inputs 2",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def average_life_of_agricultural_inputs_2():
    """
    The average life of agricultural inputs after policy time (ALAI2#100.2)
    """
    return 2


@component.add(
    name="land yield factor 1",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def land_yield_factor_1():
    """
    Land yield factor before policy year (LYF1#104.1).
    """
    return 1


@component.add(
    name="Land Yield Factor 2",
    units="Dmnl",
    comp_type="Stateful",
    comp_subtype="Smooth",
    depends_on={"_smooth_land_yield_factor_2": 1},
    other_deps={
        "_smooth_land_yield_factor_2": {
            "initial": {"land_yield_technology": 1},
            "step": {"land_yield_technology": 1, "technology_development_delay": 1},
        }
    },
)
def land_yield_factor_2():
    """
    Land yield factor after policy year (LYF1#104.2).
    """
    return _smooth_land_yield_factor_2()


_smooth_land_yield_factor_2 = Smooth(
    lambda: land_yield_technology(),
    lambda: technology_development_delay(),
    lambda: land_yield_technology(),
    lambda: 3,
    "_smooth_land_yield_factor_2",
)


@component.add(
    name="land yield multipler from air pollution 1",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "industrial_output": 1,
        "ind_out_in_1970": 1,
        "land_yield_multipler_from_air_pollution_table_1": 1,
    },
)
def land_yield_multipler_from_air_pollution_1():
    """
    Land yield multiplier from air pollution before air poll time (LYMAP1#106).
    """
    return land_yield_multipler_from_air_pollution_table_1(
        industrial_output() / ind_out_in_1970()
    )


@component.add(
    name="land yield multipler from air pollution table 1",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_land_yield_multipler_from_air_pollution_table_1"
    },
)
def land_yield_multipler_from_air_pollution_table_1(x, final_subs=None):
    """
    Table relating non-persistent pollution from industry to agricultural output (LYMAPT#106.1).
    """
    return _hardcodedlookup_land_yield_multipler_from_air_pollution_table_1(
        x, final_subs
    )


_hardcodedlookup_land_yield_multipler_from_air_pollution_table_1 = HardcodedLookups(
    [0.0, 10.0, 20.0, 30.0],
    [1.0, 1.0, 0.7, 0.4],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_land_yield_multipler_from_air_pollution_table_1",
)


@component.add(
    name="land yield multiplier from air pollution 2",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "industrial_output": 1,
        "ind_out_in_1970": 1,
        "land_yield_multipler_from_air_pollution_table_2": 1,
    },
)
def land_yield_multiplier_from_air_pollution_2():
    """
    Land yield multiplier from air pollution after air poll time (LYMAP2#107).
    """
    return land_yield_multipler_from_air_pollution_table_2(
        industrial_output() / ind_out_in_1970()
    )


@component.add(
    name="land yield multipler from air pollution table 2",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_land_yield_multipler_from_air_pollution_table_2"
    },
)
def land_yield_multipler_from_air_pollution_table_2(x, final_subs=None):
    """
    Table relating non-persistent pollution from industry to agricultural output (LYMAPT#107.1).
    """
    return _hardcodedlookup_land_yield_multipler_from_air_pollution_table_2(
        x, final_subs
    )


_hardcodedlookup_land_yield_multipler_from_air_pollution_table_2 = HardcodedLookups(
    [0.0, 10.0, 20.0, 30.0],
    [1.0, 1.0, 0.98, 0.95],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_land_yield_multipler_from_air_pollution_table_2",
)


@component.add(
    name="land yield technology change rate multiplier",
    units="1/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "desired_food_ratio": 1,
        "food_ratio": 1,
        "land_yield_technology_change_rate_multiplier_table": 1,
    },
)
def land_yield_technology_change_rate_multiplier():
    """
    Land yield from technology change multiplier (LYCM#--)
    """
    return land_yield_technology_change_rate_multiplier_table(
        desired_food_ratio() - food_ratio()
    )


@component.add(
    name="land yield technology change rate multiplier table",
    units="1/year",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_land_yield_technology_change_rate_multiplier_table"
    },
)
def land_yield_technology_change_rate_multiplier_table(x, final_subs=None):
    """
    Table relating the food ratio gap to the change in agricultural technology (LYCMT#--).
    """
    return _hardcodedlookup_land_yield_technology_change_rate_multiplier_table(
        x, final_subs
    )


_hardcodedlookup_land_yield_technology_change_rate_multiplier_table = HardcodedLookups(
    [0, 1],
    [0, 0],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_land_yield_technology_change_rate_multiplier_table",
)


@component.add(
    name="land yield multiplier from technology",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "time": 1,
        "policy_year": 1,
        "land_yield_factor_2": 1,
        "land_yield_factor_1": 1,
    },
)
def land_yield_multiplier_from_technology():
    """
    Land Yield factor (LYF#104)
    """
    return if_then_else(
        time() >= policy_year(),
        lambda: land_yield_factor_2(),
        lambda: land_yield_factor_1(),
    )


@component.add(
    name="land yield multiplier from air pollution",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "time": 1,
        "air_pollution_policy_implementation_time": 1,
        "land_yield_multiplier_from_air_pollution_2": 1,
        "land_yield_multipler_from_air_pollution_1": 1,
    },
)
def land_yield_multiplier_from_air_pollution():
    """
    Land yield multiplier from air pollution (LYMAP#105).
    """
    return if_then_else(
        time() >= air_pollution_policy_implementation_time(),
        lambda: land_yield_multiplier_from_air_pollution_2(),
        lambda: land_yield_multipler_from_air_pollution_1(),
    )


@component.add(
    name="air pollution policy implementation time",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def air_pollution_policy_implementation_time():
    """
    Air Pollution switch time (ARPTM#--)
    """
    return 4000


@component.add(
    name="Land Yield Technology",
    units="Dmnl",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_land_yield_technology": 1},
    other_deps={
        "_integ_land_yield_technology": {
            "initial": {},
            "step": {"land_yield_technology_change_rate": 1},
        }
    },
)
def land_yield_technology():
    """
    LAND YIELD TECHNOLOGY INITIATED (LYTD#--)
    """
    return _integ_land_yield_technology()


_integ_land_yield_technology = Integ(
    lambda: land_yield_technology_change_rate(),
    lambda: 1,
    "_integ_land_yield_technology",
)


@component.add(
    name="land yield technology change rate",
    units="1/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "time": 1,
        "policy_year": 1,
        "land_yield_technology_change_rate_multiplier": 1,
        "land_yield_technology": 1,
    },
)
def land_yield_technology_change_rate():
    """
    Land yield from technology change rate (LYTDR#--)
    """
    return if_then_else(
        time() >= policy_year(),
        lambda: land_yield_technology()
        * land_yield_technology_change_rate_multiplier(),
        lambda: 0,
    )


@component.add(
    name="average life of land",
    units="year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "average_life_of_land_normal": 1,
        "land_life_multiplier_from_land_yield": 1,
    },
)
def average_life_of_land():
    """
    Average life of land (ALL#112).
    """
    return average_life_of_land_normal() * land_life_multiplier_from_land_yield()


@component.add(
    name="average life of land normal",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def average_life_of_land_normal():
    """
    AVERAGE LIFE OF LAND NORMAL (ALLN#112.1).
    """
    return 1000


@component.add(
    name="land erosion rate",
    units="hectare/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"arable_land": 1, "average_life_of_land": 1},
)
def land_erosion_rate():
    """
    Land erosion rate (LER#
    """
    return arable_land() / average_life_of_land()


@component.add(
    name="land removal for urban and industrial use",
    units="hectare/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "urban_and_industrial_land_required": 1,
        "urban_and_industrial_land": 1,
        "urban_and_industrial_land_development_time": 1,
    },
)
def land_removal_for_urban_and_industrial_use():
    """
    LAND REMOVAL FOR URBAN-INDUSTRIAL USE (LRUI#119).
    """
    return (
        float(
            np.maximum(
                0, urban_and_industrial_land_required() - urban_and_industrial_land()
            )
        )
        / urban_and_industrial_land_development_time()
    )


@component.add(
    name="land life multiplier from land yield 1",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "land_yield": 1,
        "inherent_land_fertility": 1,
        "land_life_multiplier_from_land_yield_table_1": 1,
    },
)
def land_life_multiplier_from_land_yield_1():
    """
    Land life multiplier from yield before switch time (LLMY1#114).
    """
    return land_life_multiplier_from_land_yield_table_1(
        land_yield() / inherent_land_fertility()
    )


@component.add(
    name="land life multiplier from land yield table 1",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_land_life_multiplier_from_land_yield_table_1"
    },
)
def land_life_multiplier_from_land_yield_table_1(x, final_subs=None):
    """
    Table relating yield to the effect on land life (LLMY1T#114.1).
    """
    return _hardcodedlookup_land_life_multiplier_from_land_yield_table_1(x, final_subs)


_hardcodedlookup_land_life_multiplier_from_land_yield_table_1 = HardcodedLookups(
    [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0],
    [1.2, 1.0, 0.63, 0.36, 0.16, 0.055, 0.04, 0.025, 0.015, 0.01],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_land_life_multiplier_from_land_yield_table_1",
)


@component.add(
    name="land life multiplier from land yield 2",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "land_yield": 1,
        "inherent_land_fertility": 1,
        "land_life_multiplier_from_land_yield_table_2": 1,
    },
)
def land_life_multiplier_from_land_yield_2():
    """
    Land life multiplier from yield after switch time (LLMY2#115).
    """
    return land_life_multiplier_from_land_yield_table_2(
        land_yield() / inherent_land_fertility()
    )


@component.add(
    name="land life multiplier from land yield table 2",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_land_life_multiplier_from_land_yield_table_2"
    },
)
def land_life_multiplier_from_land_yield_table_2(x, final_subs=None):
    """
    Table relating yield to the effect on land life (LLMY2T#115.1).
    """
    return _hardcodedlookup_land_life_multiplier_from_land_yield_table_2(x, final_subs)


_hardcodedlookup_land_life_multiplier_from_land_yield_table_2 = HardcodedLookups(
    [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0],
    [1.2, 1.0, 0.63, 0.36, 0.29, 0.26, 0.24, 0.22, 0.21, 0.2],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_land_life_multiplier_from_land_yield_table_2",
)


@component.add(
    name="land life multiplier from land yield",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "time": 3,
        "land_life_policy_implementation_time": 3,
        "land_life_multiplier_from_land_yield_1": 2,
        "land_life_multiplier_from_land_yield_2": 1,
        "one_year": 2,
    },
)
def land_life_multiplier_from_land_yield():
    """
    LAND LIFE MULTIPLIER FROM YIELD (LLMY#113).
    """
    return if_then_else(
        time() >= land_life_policy_implementation_time(),
        lambda: 0.95 ** ((time() - land_life_policy_implementation_time()) / one_year())
        * land_life_multiplier_from_land_yield_1()
        + (1 - 0.95 ** ((time() - land_life_policy_implementation_time()) / one_year()))
        * land_life_multiplier_from_land_yield_2(),
        lambda: land_life_multiplier_from_land_yield_1(),
    )


@component.add(
    name="land life policy implementation time",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def land_life_policy_implementation_time():
    """
    Land life multiplier from yield switch time (LLMYTM#--)
    """
    return 4000


@component.add(
    name="urban and industrial land development time",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def urban_and_industrial_land_development_time():
    """
    Urban industrial land development time (UILDT#119.1).
    """
    return 10


@component.add(
    name="urban and industrial land required per capita",
    units="hectare/Person",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "industrial_output_per_capita": 1,
        "gdp_pc_unit": 1,
        "urban_and_industrial_land_required_per_capita_table": 1,
    },
)
def urban_and_industrial_land_required_per_capita():
    """
    Urban industrial land per capita (UILPC#117).
    """
    return urban_and_industrial_land_required_per_capita_table(
        industrial_output_per_capita() / gdp_pc_unit()
    )


@component.add(
    name="urban and industrial land required per capita table",
    units="hectare/Person",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_urban_and_industrial_land_required_per_capita_table"
    },
)
def urban_and_industrial_land_required_per_capita_table(x, final_subs=None):
    """
    Table relating industrial output to urban industrial land (UILPCT#117.1)
    """
    return _hardcodedlookup_urban_and_industrial_land_required_per_capita_table(
        x, final_subs
    )


_hardcodedlookup_urban_and_industrial_land_required_per_capita_table = HardcodedLookups(
    [0.0, 200.0, 400.0, 600.0, 800.0, 1000.0, 1200.0, 1400.0, 1600.0],
    [0.005, 0.008, 0.015, 0.025, 0.04, 0.055, 0.07, 0.08, 0.09],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_urban_and_industrial_land_required_per_capita_table",
)


@component.add(
    name="urban and industrial land required",
    units="hectare",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"urban_and_industrial_land_required_per_capita": 1, "population": 1},
)
def urban_and_industrial_land_required():
    """
    Urban industrial land required (UILR#118).
    """
    return urban_and_industrial_land_required_per_capita() * population()


@component.add(
    name="Urban and Industrial Land",
    units="hectare",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_urban_and_industrial_land": 1},
    other_deps={
        "_integ_urban_and_industrial_land": {
            "initial": {"initial_urban_and_industrial_land": 1},
            "step": {"land_removal_for_urban_and_industrial_use": 1},
        }
    },
)
def urban_and_industrial_land():
    """
    URBAN-INDUSTRIAL LAND (UIL#120).
    """
    return _integ_urban_and_industrial_land()


_integ_urban_and_industrial_land = Integ(
    lambda: land_removal_for_urban_and_industrial_use(),
    lambda: initial_urban_and_industrial_land(),
    "_integ_urban_and_industrial_land",
)


@component.add(
    name="initial urban and industrial land",
    units="hectare",
    comp_type="Constant",
    comp_subtype="Normal",
)
def initial_urban_and_industrial_land():
    """
    URBAN-INDUSTRIAL LAND INITIAL (UILI#120.1).
    """
    return 8200000.0


@component.add(
    name="land fertility degredation",
    units="Veg equiv kg/(year*year*hectare)",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"land_fertility": 1, "land_fertility_degredation_rate": 1},
)
def land_fertility_degredation():
    """
    LAND FERTILITY DEGRADATION (LFD#123).
    """
    return land_fertility() * land_fertility_degredation_rate()


@component.add(
    name="land fertility degredation rate",
    units="1/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "persistent_pollution_index": 1,
        "land_fertility_degredation_rate_table": 1,
    },
)
def land_fertility_degredation_rate():
    """
    Land fertility degradation rate (LFDR#122).
    """
    return land_fertility_degredation_rate_table(persistent_pollution_index())


@component.add(
    name="land fertility degredation rate table",
    units="1/year",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={"__lookup__": "_hardcodedlookup_land_fertility_degredation_rate_table"},
)
def land_fertility_degredation_rate_table(x, final_subs=None):
    """
    Table relating persistent pollution to land fertility degradation (LFDRT#122.1).
    """
    return _hardcodedlookup_land_fertility_degredation_rate_table(x, final_subs)


_hardcodedlookup_land_fertility_degredation_rate_table = HardcodedLookups(
    [0.0, 10.0, 20.0, 30.0],
    [0.0, 0.1, 0.3, 0.5],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_land_fertility_degredation_rate_table",
)


@component.add(
    name="Land Fertility",
    units="Veg equiv kg/(year*hectare)",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_land_fertility": 1},
    other_deps={
        "_integ_land_fertility": {
            "initial": {"initial_land_fertility": 1},
            "step": {"land_fertility_regeneration": 1, "land_fertility_degredation": 1},
        }
    },
)
def land_fertility():
    """
    Land fertility (LFERT#121).
    """
    return _integ_land_fertility()


_integ_land_fertility = Integ(
    lambda: land_fertility_regeneration() - land_fertility_degredation(),
    lambda: initial_land_fertility(),
    "_integ_land_fertility",
)


@component.add(
    name="initial land fertility",
    units="Veg equiv kg/(year*hectare)",
    comp_type="Constant",
    comp_subtype="Normal",
)
def initial_land_fertility():
    """
    LAND FERTILITY INITIAL (LFERTI#121.2)
    """
    return 600


@component.add(
    name="inherent land fertility",
    units="Veg equiv kg/(year*hectare)",
    comp_type="Constant",
    comp_subtype="Normal",
)
def inherent_land_fertility():
    """
    INHERENT LAND FERTILITY (ILF#124.1).
    """
    return 600


@component.add(
    name="land fertility regeneration",
    units="Veg equiv kg/(year*year*hectare)",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "inherent_land_fertility": 1,
        "land_fertility": 1,
        "land_fertility_regeneration_time": 1,
    },
)
def land_fertility_regeneration():
    """
    Land fertility regeneration (LFR#124).
    """
    return (
        inherent_land_fertility() - land_fertility()
    ) / land_fertility_regeneration_time()


@component.add(
    name="land fertility regeneration time",
    units="year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "fraction_of_agricultural_inputs_for_land_maintenance": 1,
        "land_fertility_regeneration_time_table": 1,
    },
)
def land_fertility_regeneration_time():
    """
    LAND FERTILITY REGENERATION TIME (LFRT#125)
    """
    return land_fertility_regeneration_time_table(
        fraction_of_agricultural_inputs_for_land_maintenance()
    )


@component.add(
    name="land fertility regeneration time table",
    units="year",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_land_fertility_regeneration_time_table"
    },
)
def land_fertility_regeneration_time_table(x, final_subs=None):
    """
    Table relating inputs to land maintenance to land fertility regeneration (LFRTT#125.1).
    """
    return _hardcodedlookup_land_fertility_regeneration_time_table(x, final_subs)


_hardcodedlookup_land_fertility_regeneration_time_table = HardcodedLookups(
    [0.0, 0.02, 0.04, 0.06, 0.08, 0.1],
    [20.0, 13.0, 8.0, 4.0, 2.0, 2.0],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_land_fertility_regeneration_time_table",
)


@component.add(
    name="Perceived Food Ratio",
    units="Dmnl",
    comp_type="Stateful",
    comp_subtype="Smooth",
    depends_on={"_smooth_perceived_food_ratio": 1},
    other_deps={
        "_smooth_perceived_food_ratio": {
            "initial": {"food_ratio": 1},
            "step": {"food_ratio": 1, "food_shortage_perception_delay": 1},
        }
    },
)
def perceived_food_ratio():
    """
    PERCEIVED FOOD RATIO (PFR#128).
    """
    return _smooth_perceived_food_ratio()


_smooth_perceived_food_ratio = Smooth(
    lambda: food_ratio(),
    lambda: food_shortage_perception_delay(),
    lambda: food_ratio(),
    lambda: 1,
    "_smooth_perceived_food_ratio",
)


@component.add(
    name="food ratio",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"_active_initial_food_ratio": 1},
    other_deps={
        "_active_initial_food_ratio": {
            "initial": {},
            "step": {"food_per_capita": 1, "subsistence_food_per_capita": 1},
        }
    },
)
def food_ratio():
    """
    FOOD RATIO (FR#127)
    """
    return active_initial(
        __data["time"].stage,
        lambda: food_per_capita() / subsistence_food_per_capita(),
        1,
    )


@component.add(
    name="food shortage perception delay",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def food_shortage_perception_delay():
    """
    FOOD SHORTAGE PERCEPTION DELAY (FSPD#128.2)
    """
    return 2


@component.add(
    name="fraction of agricultural inputs for land maintenance",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "perceived_food_ratio": 1,
        "fraction_of_agricultural_inputs_for_land_maintenance_table": 1,
    },
)
def fraction_of_agricultural_inputs_for_land_maintenance():
    """
    FRACTION OF INPUTS ALLOCATED TO LAND MAINTENANCE (FALM#126).
    """
    return fraction_of_agricultural_inputs_for_land_maintenance_table(
        perceived_food_ratio()
    )


@component.add(
    name="fraction of agricultural inputs for land maintenance table",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_fraction_of_agricultural_inputs_for_land_maintenance_table"
    },
)
def fraction_of_agricultural_inputs_for_land_maintenance_table(x, final_subs=None):
    """
    Table relating the perceived food ratio to the fraction of input used for land maintenance (FALMT#126.1).
    """
    return _hardcodedlookup_fraction_of_agricultural_inputs_for_land_maintenance_table(
        x, final_subs
    )


_hardcodedlookup_fraction_of_agricultural_inputs_for_land_maintenance_table = (
    HardcodedLookups(
        [0.0, 1.0, 2.0, 3.0, 4.0],
        [0.0, 0.04, 0.07, 0.09, 0.1],
        {},
        "interpolate",
        {},
        "_hardcodedlookup_fraction_of_agricultural_inputs_for_land_maintenance_table",
    )
)


@component.add(
    name="subsistence food per capita",
    units="Veg equiv kg/(Person*year)",
    comp_type="Constant",
    comp_subtype="Normal",
)
def subsistence_food_per_capita():
    """
    Subsistence food per capita (SFPC#127.1).
    """
    return 230


@component.add(
    name="fraction of agricultural inputs allocated to land development",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "marginal_productivity_of_land_development": 1,
        "marginal_productivity_of_agricultural_inputs": 1,
        "fraction_of_agricultural_inputs_allocated_to_land_development_table": 1,
    },
)
def fraction_of_agricultural_inputs_allocated_to_land_development():
    """
    Fraction of inputs allocated to land devlelopment (FIALD#108).
    """
    return fraction_of_agricultural_inputs_allocated_to_land_development_table(
        marginal_productivity_of_land_development()
        / marginal_productivity_of_agricultural_inputs()
    )


@component.add(
    name="fraction of agricultural inputs allocated to land development table",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_fraction_of_agricultural_inputs_allocated_to_land_development_table"
    },
)
def fraction_of_agricultural_inputs_allocated_to_land_development_table(
    x, final_subs=None
):
    """
    Table relating the marginal productivity of land to the fraction of inputs allocated to new land development (FIALDT#108.1).
    """
    return _hardcodedlookup_fraction_of_agricultural_inputs_allocated_to_land_development_table(
        x, final_subs
    )


_hardcodedlookup_fraction_of_agricultural_inputs_allocated_to_land_development_table = HardcodedLookups(
    [0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0],
    [0.0, 0.05, 0.15, 0.3, 0.5, 0.7, 0.85, 0.95, 1.0],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_fraction_of_agricultural_inputs_allocated_to_land_development_table",
)


@component.add(
    name="marginal land yield multiplier from capital",
    units="hectare/$",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "agricultural_input_per_hectare": 1,
        "unit_agricultural_input": 1,
        "marginal_land_yield_multiplier_from_capital_table": 1,
    },
)
def marginal_land_yield_multiplier_from_capital():
    """
    MARGINAL LAND YIELD MULTIPLIER FROM CAPITAL (MLYMC#111).
    """
    return marginal_land_yield_multiplier_from_capital_table(
        agricultural_input_per_hectare() / unit_agricultural_input()
    )


@component.add(
    name="marginal land yield multiplier from capital table",
    units="hectare/$",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_marginal_land_yield_multiplier_from_capital_table"
    },
)
def marginal_land_yield_multiplier_from_capital_table(x, final_subs=None):
    """
    Table relating agricultural inputs to marginal land yield (MLYMCT#111.1).
    """
    return _hardcodedlookup_marginal_land_yield_multiplier_from_capital_table(
        x, final_subs
    )


_hardcodedlookup_marginal_land_yield_multiplier_from_capital_table = HardcodedLookups(
    [
        0.0,
        40.0,
        80.0,
        120.0,
        160.0,
        200.0,
        240.0,
        280.0,
        320.0,
        360.0,
        400.0,
        440.0,
        480.0,
        520.0,
        560.0,
        600.0,
    ],
    [
        0.075,
        0.03,
        0.015,
        0.011,
        0.009,
        0.008,
        0.007,
        0.006,
        0.005,
        0.005,
        0.005,
        0.005,
        0.005,
        0.005,
        0.005,
        0.005,
    ],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_marginal_land_yield_multiplier_from_capital_table",
)


@component.add(
    name="marginal productivity of agricultural inputs",
    units="Veg equiv kg/$",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "average_life_agricultural_inputs": 1,
        "land_yield": 1,
        "marginal_land_yield_multiplier_from_capital": 1,
        "land_yield_multiplier_from_capital": 1,
    },
)
def marginal_productivity_of_agricultural_inputs():
    """
    MARGINAL PRODUCTIVITY OF AGRICULTURAL INPUTS (MPAI#110).
    """
    return (
        average_life_agricultural_inputs()
        * land_yield()
        * marginal_land_yield_multiplier_from_capital()
        / land_yield_multiplier_from_capital()
    )


@component.add(
    name="marginal productivity of land development",
    units="Veg equiv kg/$",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "land_yield": 1,
        "social_discount": 1,
        "development_cost_per_hectare": 1,
    },
)
def marginal_productivity_of_land_development():
    """
    The marginal productivity of land development (MPLD#109)
    """
    return land_yield() / (development_cost_per_hectare() * social_discount())


@component.add(
    name="social discount", units="1/year", comp_type="Constant", comp_subtype="Normal"
)
def social_discount():
    """
    SOCIAL DISCOUNT (SD#109.1)
    """
    return 0.07


@component.add(
    name="industrial capital output ratio multiplier from resource conservation technology",
    units="year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "resource_use_factor": 1,
        "industrial_capital_output_ratio_multiplier_from_resource_table": 1,
    },
)
def industrial_capital_output_ratio_multiplier_from_resource_conservation_technology():
    """
    Technology driven industrial capital output ratio (ICOR2T#--)
    """
    return industrial_capital_output_ratio_multiplier_from_resource_table(
        resource_use_factor()
    )


@component.add(
    name="industrial capital output ratio multiplier from pollution technology",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "persistent_pollution_generation_factor": 1,
        "industrial_capital_output_ratio_multiplier_from_pollution_table": 1,
    },
)
def industrial_capital_output_ratio_multiplier_from_pollution_technology():
    """
    Pollution control technology multiplier for capital output ratio (COPM#--).
    """
    return industrial_capital_output_ratio_multiplier_from_pollution_table(
        persistent_pollution_generation_factor()
    )


@component.add(
    name="industrial capital output ratio multiplier from land yield technology",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "land_yield_multiplier_from_technology": 1,
        "industrial_capital_output_ratio_multiplier_table": 1,
    },
)
def industrial_capital_output_ratio_multiplier_from_land_yield_technology():
    """
    CAPITAL OUTPUT YIELD MULTIPLIER (COYM#--)
    """
    return industrial_capital_output_ratio_multiplier_table(
        land_yield_multiplier_from_technology()
    )


@component.add(
    name="fraction of industrial output allocated to investment",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "fraction_of_industrial_output_allocated_to_agriculture": 1,
        "fraction_of_industrial_output_allocated_to_services": 1,
        "fraction_of_industrial_output_allocated_to_consumption": 1,
    },
)
def fraction_of_industrial_output_allocated_to_investment():
    """
    Fraction of industrial output allocated to industry (FIAOI#56).
    """
    return (
        1
        - fraction_of_industrial_output_allocated_to_agriculture()
        - fraction_of_industrial_output_allocated_to_services()
        - fraction_of_industrial_output_allocated_to_consumption()
    )


@component.add(
    name="industrial capital depreciation",
    units="$/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"industrial_capital": 1, "average_life_of_industrial_capital": 1},
)
def industrial_capital_depreciation():
    """
    Industrial capital depreciation rate (ICDR#53).
    """
    return industrial_capital() / average_life_of_industrial_capital()


@component.add(
    name="industrial capital investment",
    units="$/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "industrial_output": 1,
        "fraction_of_industrial_output_allocated_to_investment": 1,
    },
)
def industrial_capital_investment():
    """
    Industrial capital investment rate (ICIR#55).
    """
    return industrial_output() * fraction_of_industrial_output_allocated_to_investment()


@component.add(
    name="industrial capital output ratio multiplier from resource table",
    units="year",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_industrial_capital_output_ratio_multiplier_from_resource_table"
    },
)
def industrial_capital_output_ratio_multiplier_from_resource_table(x, final_subs=None):
    """
    CAPITAL OUTPUT FROM RESOURCES technology multiplier TABLE (ICOR2TT#--)
    """
    return (
        _hardcodedlookup_industrial_capital_output_ratio_multiplier_from_resource_table(
            x, final_subs
        )
    )


_hardcodedlookup_industrial_capital_output_ratio_multiplier_from_resource_table = HardcodedLookups(
    [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0],
    [3.75, 3.6, 3.47, 3.36, 3.25, 3.16, 3.1, 3.06, 3.02, 3.01, 3.0],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_industrial_capital_output_ratio_multiplier_from_resource_table",
)


@component.add(
    name="industrial output per capita",
    units="$/(Person*year)",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"industrial_output": 1, "population": 1},
)
def industrial_output_per_capita():
    """
    INDUSTRIAL OUTPUT PER CAPITA (IOPC#49)
    """
    return industrial_output() / population()


@component.add(
    name="industrial output per capita desired",
    units="$/(Person*year)",
    comp_type="Constant",
    comp_subtype="Normal",
)
def industrial_output_per_capita_desired():
    """
    Industrial output per capita desired (IOPCD#59.2).
    """
    return 400


@component.add(
    name="Industrial Capital",
    units="$",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_industrial_capital": 1},
    other_deps={
        "_integ_industrial_capital": {
            "initial": {"initial_industrial_capital": 1},
            "step": {
                "industrial_capital_investment": 1,
                "industrial_capital_depreciation": 1,
            },
        }
    },
)
def industrial_capital():
    """
    INDUSTRIAL CAPITAL (IC#52).
    """
    return _integ_industrial_capital()


_integ_industrial_capital = Integ(
    lambda: industrial_capital_investment() - industrial_capital_depreciation(),
    lambda: initial_industrial_capital(),
    "_integ_industrial_capital",
)


@component.add(
    name="initial industrial capital",
    units="$",
    comp_type="Constant",
    comp_subtype="Normal",
)
def initial_industrial_capital():
    """
    INDUSTRIAL CAPITAL INITIAL (ICI#52.1).
    """
    return 210000000000.0


@component.add(
    name="industrial output",
    units="$/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "industrial_capital": 1,
        "fraction_of_industrial_capital_allocated_to_obtaining_resources": 1,
        "capacity_utilization_fraction": 1,
        "industrial_capital_output_ratio": 1,
    },
)
def industrial_output():
    """
    Industrial output (IO#50)
    """
    return (
        (
            industrial_capital()
            * (1 - fraction_of_industrial_capital_allocated_to_obtaining_resources())
        )
        * capacity_utilization_fraction()
        / industrial_capital_output_ratio()
    )


@component.add(
    name="average life of industrial capital 1",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def average_life_of_industrial_capital_1():
    """
    Average life of industrial capital before policy year (ALIC1#54.1).
    """
    return 14


@component.add(
    name="average life of industrial capital 2",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def average_life_of_industrial_capital_2():
    """
    Average life of industrial capital after policy year (ALIC2#54.2)
    """
    return 14


@component.add(
    name="fraction of industrial output allocated to consumption constant",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "time": 1,
        "policy_year": 1,
        "fraction_of_industrial_output_allocated_to_consumption_constant_2": 1,
        "fraction_of_industrial_output_allocated_to_consumption_constant_1": 1,
    },
)
def fraction_of_industrial_output_allocated_to_consumption_constant():
    """
    Fraction of output allocated to consumption CONSTANT (FIAOCC#58).
    """
    return if_then_else(
        time() >= policy_year(),
        lambda: fraction_of_industrial_output_allocated_to_consumption_constant_2(),
        lambda: fraction_of_industrial_output_allocated_to_consumption_constant_1(),
    )


@component.add(
    name="fraction of industrial output allocated to consumption constant 1",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def fraction_of_industrial_output_allocated_to_consumption_constant_1():
    """
    Fraction of output allocated to consuption constant 1 (FIAOC1#58.1).
    """
    return 0.43


@component.add(
    name="fraction of industrial output allocated to consumption constant 2",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def fraction_of_industrial_output_allocated_to_consumption_constant_2():
    """
    Fraction of output allocated to consuption constant 2 (FIAOC1#58.2).
    """
    return 0.43


@component.add(
    name="fraction of industrial output allocated to consumption variable",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "industrial_output_per_capita": 1,
        "industrial_output_per_capita_desired": 1,
        "fraction_of_industrial_output_allocated_to_consumption_variable_table": 1,
    },
)
def fraction_of_industrial_output_allocated_to_consumption_variable():
    """
    Fraction industrial output allocated to consumption variable (FIAOCV#59)
    """
    return fraction_of_industrial_output_allocated_to_consumption_variable_table(
        industrial_output_per_capita() / industrial_output_per_capita_desired()
    )


@component.add(
    name="fraction of industrial output allocated to consumption variable table",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_fraction_of_industrial_output_allocated_to_consumption_variable_table"
    },
)
def fraction_of_industrial_output_allocated_to_consumption_variable_table(
    x, final_subs=None
):
    """
    Fraction of industrial output allocated to consumption variable TABLE (FIAOCVT#59.1)
    """
    return _hardcodedlookup_fraction_of_industrial_output_allocated_to_consumption_variable_table(
        x, final_subs
    )


_hardcodedlookup_fraction_of_industrial_output_allocated_to_consumption_variable_table = HardcodedLookups(
    [0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0],
    [0.3, 0.32, 0.34, 0.36, 0.38, 0.43, 0.73, 0.77, 0.81, 0.82, 0.83],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_fraction_of_industrial_output_allocated_to_consumption_variable_table",
)


@component.add(
    name="industrial capital output ratio 1",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def industrial_capital_output_ratio_1():
    """
    Industrial capital output ratio prior to the policy year (ICOR1#51.1)
    """
    return 3


@component.add(
    name="industrial capital output ratio 2",
    units="year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "industrial_capital_output_ratio_multiplier_from_resource_conservation_technology": 1,
        "industrial_capital_output_ratio_multiplier_from_land_yield_technology": 1,
        "industrial_capital_output_ratio_multiplier_from_pollution_technology": 1,
    },
)
def industrial_capital_output_ratio_2():
    """
    Industrial capital output ratio after the policy year (ICOR2#51.2)
    """
    return (
        industrial_capital_output_ratio_multiplier_from_resource_conservation_technology()
        * industrial_capital_output_ratio_multiplier_from_land_yield_technology()
        * industrial_capital_output_ratio_multiplier_from_pollution_technology()
    )


@component.add(
    name="industrial capital output ratio multiplier from pollution table",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_industrial_capital_output_ratio_multiplier_from_pollution_table"
    },
)
def industrial_capital_output_ratio_multiplier_from_pollution_table(x, final_subs=None):
    """
    Table relating pollution correction technology to the capital output ratio (COPMT#--)
    """
    return _hardcodedlookup_industrial_capital_output_ratio_multiplier_from_pollution_table(
        x, final_subs
    )


_hardcodedlookup_industrial_capital_output_ratio_multiplier_from_pollution_table = HardcodedLookups(
    [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0],
    [1.25, 1.2, 1.15, 1.11, 1.08, 1.05, 1.03, 1.02, 1.01, 1.0, 1.0],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_industrial_capital_output_ratio_multiplier_from_pollution_table",
)


@component.add(
    name="average life of industrial capital",
    units="year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "time": 1,
        "policy_year": 1,
        "average_life_of_industrial_capital_2": 1,
        "average_life_of_industrial_capital_1": 1,
    },
)
def average_life_of_industrial_capital():
    """
    AVERAGE LIFETIME OF INDUSTRIAL CAPITAL (ALIC#54).
    """
    return if_then_else(
        time() >= policy_year(),
        lambda: average_life_of_industrial_capital_2(),
        lambda: average_life_of_industrial_capital_1(),
    )


@component.add(
    name="fraction of industrial output allocated to consumption",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "time": 1,
        "industrial_equilibrium_time": 1,
        "fraction_of_industrial_output_allocated_to_consumption_variable": 1,
        "fraction_of_industrial_output_allocated_to_consumption_constant": 1,
    },
)
def fraction_of_industrial_output_allocated_to_consumption():
    """
    Fraction of industrial output allocated to consumption (FIAOC#58)
    """
    return if_then_else(
        time() >= industrial_equilibrium_time(),
        lambda: fraction_of_industrial_output_allocated_to_consumption_variable(),
        lambda: fraction_of_industrial_output_allocated_to_consumption_constant(),
    )


@component.add(
    name="industrial capital output ratio",
    units="year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "time": 1,
        "policy_year": 1,
        "industrial_capital_output_ratio_2": 1,
        "industrial_capital_output_ratio_1": 1,
    },
)
def industrial_capital_output_ratio():
    """
    INDUSTRIAL CAPITAL-OUTPUT RATIO (ICOR#51)
    """
    return if_then_else(
        time() >= policy_year(),
        lambda: industrial_capital_output_ratio_2(),
        lambda: industrial_capital_output_ratio_1(),
    )


@component.add(
    name="industrial equilibrium time",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def industrial_equilibrium_time():
    """
    INDUSTRIAL EQUILIBRIUM TIME (IET#57.1).
    """
    return 4000


@component.add(
    name="industrial capital output ratio multiplier table",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_industrial_capital_output_ratio_multiplier_table"
    },
)
def industrial_capital_output_ratio_multiplier_table(x, final_subs=None):
    """
    Table relating the yield of technology to the effect on the capital output ratio (COYMT#--)
    !
    !
    """
    return _hardcodedlookup_industrial_capital_output_ratio_multiplier_table(
        x, final_subs
    )


_hardcodedlookup_industrial_capital_output_ratio_multiplier_table = HardcodedLookups(
    [1.0, 1.2, 1.4, 1.6, 1.8, 2.0],
    [1.0, 1.05, 1.12, 1.25, 1.35, 1.5],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_industrial_capital_output_ratio_multiplier_table",
)


@component.add(
    name="Delayed Labor Utilization Fraction",
    units="Dmnl",
    comp_type="Stateful",
    comp_subtype="Smooth",
    depends_on={"_smooth_delayed_labor_utilization_fraction": 1},
    other_deps={
        "_smooth_delayed_labor_utilization_fraction": {
            "initial": {},
            "step": {
                "labor_utilization_fraction": 1,
                "labor_utilization_fraction_delay_time": 1,
            },
        }
    },
)
def delayed_labor_utilization_fraction():
    """
    LABOR UTILIZATION FRACTION DELAYED (LUFD#82)
    """
    return _smooth_delayed_labor_utilization_fraction()


_smooth_delayed_labor_utilization_fraction = Smooth(
    lambda: labor_utilization_fraction(),
    lambda: labor_utilization_fraction_delay_time(),
    lambda: 1,
    lambda: 1,
    "_smooth_delayed_labor_utilization_fraction",
)


@component.add(
    name="capacity utilization fraction",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"_active_initial_capacity_utilization_fraction": 1},
    other_deps={
        "_active_initial_capacity_utilization_fraction": {
            "initial": {},
            "step": {
                "delayed_labor_utilization_fraction": 1,
                "capacity_utilization_fraction_table": 1,
            },
        }
    },
)
def capacity_utilization_fraction():
    """
    CAPITAL UTILIZATION FRACTION (CUF#83)
    """
    return active_initial(
        __data["time"].stage,
        lambda: capacity_utilization_fraction_table(
            delayed_labor_utilization_fraction()
        ),
        1,
    )


@component.add(
    name="capacity utilization fraction table",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={"__lookup__": "_hardcodedlookup_capacity_utilization_fraction_table"},
)
def capacity_utilization_fraction_table(x, final_subs=None):
    """
    Table relating labor utilization to capacity utilization (CUFT#83.2).
    """
    return _hardcodedlookup_capacity_utilization_fraction_table(x, final_subs)


_hardcodedlookup_capacity_utilization_fraction_table = HardcodedLookups(
    [1.0, 3.0, 5.0, 7.0, 9.0, 11.0],
    [1.0, 0.9, 0.7, 0.3, 0.1, 0.1],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_capacity_utilization_fraction_table",
)


@component.add(
    name="jobs",
    units="Person",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "potential_jobs_industrial_sector": 1,
        "potential_jobs_agricultural_sector": 1,
        "potential_jobs_service_sector": 1,
    },
)
def jobs():
    """
    JOBS (J#73).
    """
    return (
        potential_jobs_industrial_sector()
        + potential_jobs_agricultural_sector()
        + potential_jobs_service_sector()
    )


@component.add(
    name="jobs per hectare",
    units="Person/hectare",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "agricultural_input_per_hectare": 1,
        "unit_agricultural_input": 1,
        "jobs_per_hectare_table": 1,
    },
)
def jobs_per_hectare():
    """
    Jobs per hectare in agriculture (JPH#79).
    """
    return jobs_per_hectare_table(
        agricultural_input_per_hectare() / unit_agricultural_input()
    )


@component.add(
    name="jobs per hectare table",
    units="Person/hectare",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={"__lookup__": "_hardcodedlookup_jobs_per_hectare_table"},
)
def jobs_per_hectare_table(x, final_subs=None):
    """
    Table relating agricultural input intensity to the number of jobs per hectare in agriculture (JPHT#79.1).
    """
    return _hardcodedlookup_jobs_per_hectare_table(x, final_subs)


_hardcodedlookup_jobs_per_hectare_table = HardcodedLookups(
    [2.0, 6.0, 10.0, 14.0, 18.0, 22.0, 26.0, 30.0],
    [2.0, 0.5, 0.4, 0.3, 0.27, 0.24, 0.2, 0.2],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_jobs_per_hectare_table",
)


@component.add(
    name="jobs per industrial capital unit",
    units="Person/$",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "industrial_output_per_capita": 1,
        "gdp_pc_unit": 1,
        "jobs_per_industrial_capital_unit_table": 1,
    },
)
def jobs_per_industrial_capital_unit():
    """
    Jobs per industrial capital units (JPICU#75).
    """
    return (
        jobs_per_industrial_capital_unit_table(
            industrial_output_per_capita() / gdp_pc_unit()
        )
        * 0.001
    )


@component.add(
    name="jobs per industrial capital unit table",
    units="Person/$",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_jobs_per_industrial_capital_unit_table"
    },
)
def jobs_per_industrial_capital_unit_table(x, final_subs=None):
    """
    Table relating industrial output per capita to job per industrial capital unit (JPICUT#75.1).
    """
    return _hardcodedlookup_jobs_per_industrial_capital_unit_table(x, final_subs)


_hardcodedlookup_jobs_per_industrial_capital_unit_table = HardcodedLookups(
    [50.0, 200.0, 350.0, 500.0, 650.0, 800.0],
    [0.37, 0.18, 0.12, 0.09, 0.07, 0.06],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_jobs_per_industrial_capital_unit_table",
)


@component.add(
    name="jobs per service capital unit",
    units="Person/$",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "service_output_per_capita": 1,
        "gdp_pc_unit": 1,
        "jobs_per_service_capital_unit_table": 1,
    },
)
def jobs_per_service_capital_unit():
    """
    Jobs per service capital unit (JPSCU#77).
    """
    return (
        jobs_per_service_capital_unit_table(service_output_per_capita() / gdp_pc_unit())
        * 0.001
    )


@component.add(
    name="jobs per service capital unit table",
    units="Person/$",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={"__lookup__": "_hardcodedlookup_jobs_per_service_capital_unit_table"},
)
def jobs_per_service_capital_unit_table(x, final_subs=None):
    """
    Table relating service output per capita to job per service capital unit (JPICUT#77.1).
    """
    return _hardcodedlookup_jobs_per_service_capital_unit_table(x, final_subs)


_hardcodedlookup_jobs_per_service_capital_unit_table = HardcodedLookups(
    [50.0, 200.0, 350.0, 500.0, 650.0, 800.0],
    [1.1, 0.6, 0.35, 0.2, 0.15, 0.15],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_jobs_per_service_capital_unit_table",
)


@component.add(
    name="labor force",
    units="Person",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "population_15_to_44": 1,
        "population_45_to_64": 1,
        "labor_force_participation_fraction": 1,
    },
)
def labor_force():
    """
    LABOR FORCE (LF#80).
    """
    return (
        population_15_to_44() + population_45_to_64()
    ) * labor_force_participation_fraction()


@component.add(
    name="labor force participation fraction",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def labor_force_participation_fraction():
    """
    LABOR FORCE PARTICIPATION FRACTION (LFPF#80.1)
    """
    return 0.75


@component.add(
    name="labor utilization fraction",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"jobs": 1, "labor_force": 1},
)
def labor_utilization_fraction():
    """
    Labor utilization fraction (LUF#81).
    """
    return jobs() / labor_force()


@component.add(
    name="labor utilization fraction delay time",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def labor_utilization_fraction_delay_time():
    """
    Labor utilization fraction delay time (LUFDT#82.1)
    """
    return 2


@component.add(
    name="potential jobs agricultural sector",
    units="Person",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"jobs_per_hectare": 1, "arable_land": 1},
)
def potential_jobs_agricultural_sector():
    """
    Potential jobs in the agricultural sector (PJAS#78).
    """
    return jobs_per_hectare() * arable_land()


@component.add(
    name="potential jobs industrial sector",
    units="Person",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"industrial_capital": 1, "jobs_per_industrial_capital_unit": 1},
)
def potential_jobs_industrial_sector():
    """
    POTENTIAL JOBS IN INDUSTRIAL SECTOR (PKIS#74).
    """
    return industrial_capital() * jobs_per_industrial_capital_unit()


@component.add(
    name="potential jobs service sector",
    units="Person",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"service_capital": 1, "jobs_per_service_capital_unit": 1},
)
def potential_jobs_service_sector():
    """
    Potential jobs in the service sector (PJSS#76).
    """
    return service_capital() * jobs_per_service_capital_unit()


@component.add(
    name="average life of service capital 1",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def average_life_of_service_capital_1():
    """
    Average lifetime of service capital before policy time (ALSC1#69.1).
    """
    return 20


@component.add(
    name="average life of service capital 2",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def average_life_of_service_capital_2():
    """
    Average lifetime of service capital after policy time (ALSC2#69.2).
    """
    return 20


@component.add(
    name="fraction of industrial output allocated to services 1",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "service_output_per_capita": 1,
        "indicated_services_output_per_capita": 1,
        "fraction_of_industrial_output_allocated_to_services_table_1": 1,
    },
)
def fraction_of_industrial_output_allocated_to_services_1():
    """
    FRACTION OF INDUSTRIAL OUTPUT ALLOCATED TO SERVICES before policy year (FIOAS1#64).
    """
    return fraction_of_industrial_output_allocated_to_services_table_1(
        service_output_per_capita() / indicated_services_output_per_capita()
    )


@component.add(
    name="fraction of industrial output allocated to services table 1",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_fraction_of_industrial_output_allocated_to_services_table_1"
    },
)
def fraction_of_industrial_output_allocated_to_services_table_1(x, final_subs=None):
    """
    Table relating service output to the fraction of industrial output allocated to service (FIOAS1T#64.1).
    """
    return _hardcodedlookup_fraction_of_industrial_output_allocated_to_services_table_1(
        x, final_subs
    )


_hardcodedlookup_fraction_of_industrial_output_allocated_to_services_table_1 = (
    HardcodedLookups(
        [0.0, 0.5, 1.0, 1.5, 2.0],
        [0.3, 0.2, 0.1, 0.05, 0.0],
        {},
        "interpolate",
        {},
        "_hardcodedlookup_fraction_of_industrial_output_allocated_to_services_table_1",
    )
)


@component.add(
    name="fraction of industrial output allocated to services 2",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "service_output_per_capita": 1,
        "indicated_services_output_per_capita": 1,
        "fraction_of_industrial_output_allocated_to_services_table_2": 1,
    },
)
def fraction_of_industrial_output_allocated_to_services_2():
    """
    FRACTION OF INDUSTRIAL OUTPUT ALLOCATED TO SERVICES after policy year (FIOAS2#65).
    """
    return fraction_of_industrial_output_allocated_to_services_table_2(
        service_output_per_capita() / indicated_services_output_per_capita()
    )


@component.add(
    name="fraction of industrial output allocated to services table 2",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_fraction_of_industrial_output_allocated_to_services_table_2"
    },
)
def fraction_of_industrial_output_allocated_to_services_table_2(x, final_subs=None):
    """
    Table relating service output to the fraction of industrial output allocated to service (FIOAS2T#65.1).
    """
    return _hardcodedlookup_fraction_of_industrial_output_allocated_to_services_table_2(
        x, final_subs
    )


_hardcodedlookup_fraction_of_industrial_output_allocated_to_services_table_2 = (
    HardcodedLookups(
        [0.0, 0.5, 1.0, 1.5, 2.0],
        [0.3, 0.2, 0.1, 0.05, 0.0],
        {},
        "interpolate",
        {},
        "_hardcodedlookup_fraction_of_industrial_output_allocated_to_services_table_2",
    )
)


@component.add(
    name="indicated services output per capita 1",
    units="$/(Person*year)",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "industrial_output_per_capita": 1,
        "gdp_pc_unit": 1,
        "indicated_services_output_per_capita_table_1": 1,
    },
)
def indicated_services_output_per_capita_1():
    """
    Indicated service output per capita before policy year (ISOPC1#61).
    """
    return indicated_services_output_per_capita_table_1(
        industrial_output_per_capita() / gdp_pc_unit()
    )


@component.add(
    name="indicated services output per capita table 1",
    units="$/(Person*year)",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_indicated_services_output_per_capita_table_1"
    },
)
def indicated_services_output_per_capita_table_1(x, final_subs=None):
    """
    Table relating industrial output per capita to the indicated service output per capita before policy year (ISOPC1T#61.1).
    """
    return _hardcodedlookup_indicated_services_output_per_capita_table_1(x, final_subs)


_hardcodedlookup_indicated_services_output_per_capita_table_1 = HardcodedLookups(
    [0, 200, 400, 600, 800, 1000, 1200, 1400, 1600],
    [40, 300, 640, 1000, 1220, 1450, 1650, 1800, 2000],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_indicated_services_output_per_capita_table_1",
)


@component.add(
    name="indicated services output per capita 2",
    units="$/(Person*year)",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "industrial_output_per_capita": 1,
        "gdp_pc_unit": 1,
        "indicated_services_output_per_capita_table_2": 1,
    },
)
def indicated_services_output_per_capita_2():
    """
    Indicated service output per capita after policy year (ISOPC2#621).
    """
    return indicated_services_output_per_capita_table_2(
        industrial_output_per_capita() / gdp_pc_unit()
    )


@component.add(
    name="indicated services output per capita table 2",
    units="$/(Person*year)",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_indicated_services_output_per_capita_table_2"
    },
)
def indicated_services_output_per_capita_table_2(x, final_subs=None):
    """
    Table relating industrial output per capita to the indicated service output per capita afte policy year (ISOPC1T#62.1).
    """
    return _hardcodedlookup_indicated_services_output_per_capita_table_2(x, final_subs)


_hardcodedlookup_indicated_services_output_per_capita_table_2 = HardcodedLookups(
    [0, 200, 400, 600, 800, 1000, 1200, 1400, 1600],
    [40, 300, 640, 1000, 1220, 1450, 1650, 1800, 2000],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_indicated_services_output_per_capita_table_2",
)


@component.add(
    name="service capital output ratio 1",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def service_capital_output_ratio_1():
    """
    Service capital output ratio before policy year (SCOR1#72.1).
    """
    return 1


@component.add(
    name="service capital output ratio 2",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def service_capital_output_ratio_2():
    """
    Service capital output ratio after policy year (SCOR1#72.1).
    """
    return 1


@component.add(
    name="average life of service capital",
    units="year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "time": 1,
        "policy_year": 1,
        "average_life_of_service_capital_2": 1,
        "average_life_of_service_capital_1": 1,
    },
)
def average_life_of_service_capital():
    """
    AVERAGE LIFETIME OF SERVICE CAPITAL (ALSC#69)
    """
    return if_then_else(
        time() >= policy_year(),
        lambda: average_life_of_service_capital_2(),
        lambda: average_life_of_service_capital_1(),
    )


@component.add(
    name="fraction of industrial output allocated to services",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "time": 1,
        "policy_year": 1,
        "fraction_of_industrial_output_allocated_to_services_2": 1,
        "fraction_of_industrial_output_allocated_to_services_1": 1,
    },
)
def fraction_of_industrial_output_allocated_to_services():
    """
    FRACTION OF INDUSTRIAL OUTPUT ALLOCATED TO SERVICES (FIOAS#63).
    """
    return if_then_else(
        time() >= policy_year(),
        lambda: fraction_of_industrial_output_allocated_to_services_2(),
        lambda: fraction_of_industrial_output_allocated_to_services_1(),
    )


@component.add(
    name="indicated services output per capita",
    units="$/(Person*year)",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "time": 1,
        "policy_year": 1,
        "indicated_services_output_per_capita_2": 1,
        "indicated_services_output_per_capita_1": 1,
    },
)
def indicated_services_output_per_capita():
    """
    Indicated service output per capita (ISOPC#60).
    """
    return if_then_else(
        time() >= policy_year(),
        lambda: indicated_services_output_per_capita_2(),
        lambda: indicated_services_output_per_capita_1(),
    )


@component.add(
    name="service capital output ratio",
    units="year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "time": 1,
        "policy_year": 1,
        "service_capital_output_ratio_2": 1,
        "service_capital_output_ratio_1": 1,
    },
)
def service_capital_output_ratio():
    """
    Service capital output ratio (SCOR#72).
    """
    return if_then_else(
        time() >= policy_year(),
        lambda: service_capital_output_ratio_2(),
        lambda: service_capital_output_ratio_1(),
    )


@component.add(
    name="service capital depreciation",
    units="$/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"service_capital": 1, "average_life_of_service_capital": 1},
)
def service_capital_depreciation():
    """
    SERVICE CAPITAL DEPRECIATION RATE (SCDR#68).
    """
    return service_capital() / average_life_of_service_capital()


@component.add(
    name="service capital investment",
    units="$/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "industrial_output": 1,
        "fraction_of_industrial_output_allocated_to_services": 1,
    },
)
def service_capital_investment():
    """
    SERVICE CAPITAL INVESTMENT RATE (SCIR#66).
    """
    return industrial_output() * fraction_of_industrial_output_allocated_to_services()


@component.add(
    name="service output per capita",
    units="$/(Person*year)",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"service_output": 1, "population": 1},
)
def service_output_per_capita():
    """
    SERVICE OUTPUT PER CAPITA (SOPC#71).
    """
    return service_output() / population()


@component.add(
    name="Service Capital",
    units="$",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_service_capital": 1},
    other_deps={
        "_integ_service_capital": {
            "initial": {"initial_service_capital": 1},
            "step": {
                "service_capital_investment": 1,
                "service_capital_depreciation": 1,
            },
        }
    },
)
def service_capital():
    """
    Service capital (SC#67).
    """
    return _integ_service_capital()


_integ_service_capital = Integ(
    lambda: service_capital_investment() - service_capital_depreciation(),
    lambda: initial_service_capital(),
    "_integ_service_capital",
)


@component.add(
    name="initial service capital",
    units="$",
    comp_type="Constant",
    comp_subtype="Normal",
)
def initial_service_capital():
    """
    The initial level of service capital (SCI#67.2)
    """
    return 144000000000.0


@component.add(
    name="service output",
    units="$/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "service_capital": 1,
        "capacity_utilization_fraction": 1,
        "service_capital_output_ratio": 1,
    },
)
def service_output():
    """
    Service output (SO#70).
    """
    return (
        service_capital()
        * capacity_utilization_fraction()
        / service_capital_output_ratio()
    )


@component.add(
    name="POLICY YEAR", units="year", comp_type="Constant", comp_subtype="Normal"
)
def policy_year():
    """
    The time at which policies are implemented (PYEAR#150.1).
    """
    return 1995


@component.add(
    name="agricultural material toxicity index",
    units="Pollution units/$",
    comp_type="Constant",
    comp_subtype="Normal",
)
def agricultural_material_toxicity_index():
    """
    Agricultural material toxicity index (AMTI#140.2).
    """
    return 1


@component.add(
    name="assimilation half life",
    units="year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "assimilation_half_life_in_1970": 1,
        "assimilation_half_life_multiplier": 1,
    },
)
def assimilation_half_life():
    """
    ASSIMILATION HALF-LIFE (AHL#146).
    """
    return assimilation_half_life_in_1970() * assimilation_half_life_multiplier()


@component.add(
    name="assimilation half life in 1970",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def assimilation_half_life_in_1970():
    """
    Assimilation half life of persistent pollution int 1970 (AHL70#146.1).
    """
    return 1.5


@component.add(
    name="assimilation half life multiplier",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "persistent_pollution_index": 1,
        "assimilation_half_life_mult_table": 1,
    },
)
def assimilation_half_life_multiplier():
    """
    Assimilation half life of multiplier of persistent pollution (AHLM#145)
    """
    return assimilation_half_life_mult_table(persistent_pollution_index())


@component.add(
    name="assimilation half life mult table",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={"__lookup__": "_hardcodedlookup_assimilation_half_life_mult_table"},
)
def assimilation_half_life_mult_table(x, final_subs=None):
    """
    Table relating the level of persisten pollution to its assimilation rate (AHLMT#145.1).
    """
    return _hardcodedlookup_assimilation_half_life_mult_table(x, final_subs)


_hardcodedlookup_assimilation_half_life_mult_table = HardcodedLookups(
    [1, 251, 501, 751, 1001],
    [1, 11, 21, 31, 41],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_assimilation_half_life_mult_table",
)


@component.add(
    name="desired persistent pollution index",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def desired_persistent_pollution_index():
    """
    Desires persistent pollution index (DPOLX#--).
    """
    return 1.2


@component.add(
    name="fraction of agricultural inputs from persistent materials",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def fraction_of_agricultural_inputs_from_persistent_materials():
    """
    Fraction of inputs as persistent materials (FIPM#140.1).
    """
    return 0.001


@component.add(
    name="fraction of resources from persistent materials",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def fraction_of_resources_from_persistent_materials():
    """
    Fraction of resources as persistent materials (FRPM#139.1)
    """
    return 0.02


@component.add(
    name="industrial material toxicity index",
    units="Pollution units/Resource unit",
    comp_type="Constant",
    comp_subtype="Normal",
)
def industrial_material_toxicity_index():
    """
    Industrial materials toxicity index (IMTI#139.3)
    """
    return 10


@component.add(
    name="industrial material emissions factor",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def industrial_material_emissions_factor():
    """
    Industrial materials emission factor (IMEF#139.2).
    """
    return 0.1


@component.add(
    name="persistent pollution generation factor 1",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def persistent_pollution_generation_factor_1():
    """
    Persistent pollution generation factor before policy time (PPGF1#138.1).
    """
    return 1


@component.add(
    name="persistent pollution generation factor 2",
    units="Dmnl",
    comp_type="Stateful",
    comp_subtype="Smooth",
    depends_on={"_smooth_persistent_pollution_generation_factor_2": 1},
    other_deps={
        "_smooth_persistent_pollution_generation_factor_2": {
            "initial": {"persistent_pollution_technology": 1},
            "step": {
                "persistent_pollution_technology": 1,
                "technology_development_delay": 1,
            },
        }
    },
)
def persistent_pollution_generation_factor_2():
    """
    Persistent pollution generation factor after policy time (PPGF1#138.2).
    """
    return _smooth_persistent_pollution_generation_factor_2()


_smooth_persistent_pollution_generation_factor_2 = Smooth(
    lambda: persistent_pollution_technology(),
    lambda: technology_development_delay(),
    lambda: persistent_pollution_technology(),
    lambda: 3,
    "_smooth_persistent_pollution_generation_factor_2",
)


@component.add(
    name="persistent pollution technology change multiplier",
    units="1/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "persistent_pollution_index": 1,
        "desired_persistent_pollution_index": 1,
        "persistent_pollution_technology_change_mult_table": 1,
    },
)
def persistent_pollution_technology_change_multiplier():
    """
    POLLUTION CONTROL TECHNOLOGY CHANGE MULTIPLIER (POLGFM#--).
    """
    return persistent_pollution_technology_change_mult_table(
        1 - persistent_pollution_index() / desired_persistent_pollution_index()
    )


@component.add(
    name="persistent pollution technology change mult table",
    units="1/year",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_persistent_pollution_technology_change_mult_table"
    },
)
def persistent_pollution_technology_change_mult_table(x, final_subs=None):
    """
    Table relating persisten pollution to changes due to technology (POLGFMT#--).
    """
    return _hardcodedlookup_persistent_pollution_technology_change_mult_table(
        x, final_subs
    )


_hardcodedlookup_persistent_pollution_technology_change_mult_table = HardcodedLookups(
    [-1, 0],
    [0, 0],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_persistent_pollution_technology_change_mult_table",
)


@component.add(
    name="Persistent Pollution",
    units="Pollution units",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_persistent_pollution": 1},
    other_deps={
        "_integ_persistent_pollution": {
            "initial": {"initial_persistent_pollution": 1},
            "step": {
                "persistent_pollution_appearance_rate": 1,
                "persistent_pollution_assimilation_rate": 1,
            },
        }
    },
)
def persistent_pollution():
    """
    Persistent pollution (PPOL#142).
    """
    return _integ_persistent_pollution()


_integ_persistent_pollution = Integ(
    lambda: persistent_pollution_appearance_rate()
    - persistent_pollution_assimilation_rate(),
    lambda: initial_persistent_pollution(),
    "_integ_persistent_pollution",
)


@component.add(
    name="initial persistent pollution",
    units="Pollution units",
    comp_type="Constant",
    comp_subtype="Normal",
)
def initial_persistent_pollution():
    """
    persistent pollution initial (PPOLI#142.2
    """
    return 25000000.0


@component.add(
    name="persistent pollution generation industry",
    units="Pollution units/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "per_capita_resource_use_multiplier": 1,
        "population": 1,
        "fraction_of_resources_from_persistent_materials": 1,
        "industrial_material_emissions_factor": 1,
        "industrial_material_toxicity_index": 1,
    },
)
def persistent_pollution_generation_industry():
    """
    Persistent pollution generated by industrial output. (PPGIO#139)
    """
    return (
        per_capita_resource_use_multiplier()
        * population()
        * fraction_of_resources_from_persistent_materials()
        * industrial_material_emissions_factor()
        * industrial_material_toxicity_index()
    )


@component.add(
    name="persistent pollution generation agriculture",
    units="Pollution units/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "agricultural_input_per_hectare": 1,
        "arable_land": 1,
        "fraction_of_agricultural_inputs_from_persistent_materials": 1,
        "agricultural_material_toxicity_index": 1,
    },
)
def persistent_pollution_generation_agriculture():
    """
    Persistent pollution generated by agriculture (PPGAO#140)
    """
    return (
        agricultural_input_per_hectare()
        * arable_land()
        * fraction_of_agricultural_inputs_from_persistent_materials()
        * agricultural_material_toxicity_index()
    )


@component.add(
    name="persistent pollution generation rate",
    units="Pollution units/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "persistent_pollution_generation_industry": 1,
        "persistent_pollution_generation_agriculture": 1,
        "persistent_pollution_generation_factor": 1,
    },
)
def persistent_pollution_generation_rate():
    """
    PERSISTENT POLLUTION GENERATION RATE (PPGR#137).
    """
    return (
        persistent_pollution_generation_industry()
        + persistent_pollution_generation_agriculture()
    ) * persistent_pollution_generation_factor()


@component.add(
    name="persistent pollution appearance rate",
    units="Pollution units/year",
    comp_type="Stateful",
    comp_subtype="Delay",
    depends_on={"_delay_persistent_pollution_appearance_rate": 1},
    other_deps={
        "_delay_persistent_pollution_appearance_rate": {
            "initial": {
                "persistent_pollution_generation_rate": 1,
                "persistent_pollution_transmission_delay": 1,
            },
            "step": {
                "persistent_pollution_generation_rate": 1,
                "persistent_pollution_transmission_delay": 1,
            },
        }
    },
)
def persistent_pollution_appearance_rate():
    """
    Persistent pollution appearance rate (PPAPR#141)
    """
    return _delay_persistent_pollution_appearance_rate()


_delay_persistent_pollution_appearance_rate = Delay(
    lambda: persistent_pollution_generation_rate(),
    lambda: persistent_pollution_transmission_delay(),
    lambda: persistent_pollution_generation_rate(),
    lambda: 3,
    time_step,
    "_delay_persistent_pollution_appearance_rate",
)


@component.add(
    name="persistent pollution assimilation rate",
    units="Pollution units/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"persistent_pollution": 1, "assimilation_half_life": 1},
)
def persistent_pollution_assimilation_rate():
    """
    PERSISTENT POLLUTION ASSIMILATION RATE (PPASR#144).
    """
    return persistent_pollution() / (assimilation_half_life() * 1.4)


@component.add(
    name="persistent pollution in 1970",
    units="Pollution units",
    comp_type="Constant",
    comp_subtype="Normal",
)
def persistent_pollution_in_1970():
    """
    PERSISTENT POLLUTION IN 1970 (PPOL70#143.1).
    """
    return 136000000.0


@component.add(
    name="persistent pollution index",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"persistent_pollution": 1, "persistent_pollution_in_1970": 1},
)
def persistent_pollution_index():
    """
    Persistent pollution index relative to 1970 (PPOLX#143).
    """
    return persistent_pollution() / persistent_pollution_in_1970()


@component.add(
    name="Persistent Pollution Technology",
    units="Dmnl",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_persistent_pollution_technology": 1},
    other_deps={
        "_integ_persistent_pollution_technology": {
            "initial": {},
            "step": {"persistent_pollution_technology_change_rate": 1},
        }
    },
)
def persistent_pollution_technology():
    """
    Pollution control technology initiated (PTD#--)
    """
    return _integ_persistent_pollution_technology()


_integ_persistent_pollution_technology = Integ(
    lambda: persistent_pollution_technology_change_rate(),
    lambda: 1,
    "_integ_persistent_pollution_technology",
)


@component.add(
    name="persistent pollution technology change rate",
    units="1/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "time": 1,
        "policy_year": 1,
        "persistent_pollution_technology": 1,
        "persistent_pollution_technology_change_multiplier": 1,
    },
)
def persistent_pollution_technology_change_rate():
    """
    pollution control technology change rate (PTDR#--)
    """
    return if_then_else(
        time() >= policy_year(),
        lambda: persistent_pollution_technology()
        * persistent_pollution_technology_change_multiplier(),
        lambda: 0,
    )


@component.add(
    name="persistent pollution transmission delay",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def persistent_pollution_transmission_delay():
    """
    Persistent pollution transmission delay (PPTD#141.1).
    """
    return 20


@component.add(
    name="persistent pollution generation factor",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "time": 1,
        "policy_year": 1,
        "persistent_pollution_generation_factor_2": 1,
        "persistent_pollution_generation_factor_1": 1,
    },
)
def persistent_pollution_generation_factor():
    """
    PERSISTENT POLLUTION GENERATED FACTOR (PPGF#138).
    """
    return if_then_else(
        time() >= policy_year(),
        lambda: persistent_pollution_generation_factor_2(),
        lambda: persistent_pollution_generation_factor_1(),
    )


@component.add(
    name="deaths 0 to 14",
    units="Person/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"population_0_to_14": 1, "mortality_0_to_14": 1},
)
def deaths_0_to_14():
    """
    The number of deaths per year among people 0 to 14 years of age (D1#3).
    """
    return population_0_to_14() * mortality_0_to_14()


@component.add(
    name="deaths 15 to 44",
    units="Person/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"population_15_to_44": 1, "mortality_15_to_44": 1},
)
def deaths_15_to_44():
    """
    The number of deaths per year among people 15 to 44 years of age (D2#7).
    """
    return population_15_to_44() * mortality_15_to_44()


@component.add(
    name="deaths 45 to 64",
    units="Person/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"population_45_to_64": 1, "mortality_45_to_64": 1},
)
def deaths_45_to_64():
    """
    The number of deaths per year among people 55 to 64 years of age (D3#11).
    """
    return population_45_to_64() * mortality_45_to_64()


@component.add(
    name="deaths 65 plus",
    units="Person/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"population_65_plus": 1, "mortality_65_plus": 1},
)
def deaths_65_plus():
    """
    The number of deaths per year among people 65 and older (D4#15).
    """
    return population_65_plus() * mortality_65_plus()


@component.add(
    name="maturation 14 to 15",
    units="Person/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"population_0_to_14": 1, "mortality_0_to_14": 1},
)
def maturation_14_to_15():
    """
    The fractional rate at which people aged 0-14 mature into the next age cohort (MAT1#5).
    """
    return population_0_to_14() * (1 - mortality_0_to_14()) / 15


@component.add(
    name="maturation 44 to 45",
    units="Person/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"population_15_to_44": 1, "mortality_15_to_44": 1},
)
def maturation_44_to_45():
    """
    The fractional rate at which people aged 15-44 mature into the next age cohort (MAT2#9).
    """
    return population_15_to_44() * (1 - mortality_15_to_44()) / 30


@component.add(
    name="maturation 64 to 65",
    units="Person/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"population_45_to_64": 1, "mortality_45_to_64": 1},
)
def maturation_64_to_65():
    """
    The fractional rate at which people aged 45-64 mature into the next age cohort (MAT3#13).
    """
    return population_45_to_64() * (1 - mortality_45_to_64()) / 20


@component.add(
    name="mortality 45 to 64",
    units="1/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"life_expectancy": 1, "one_year": 1, "mortality_45_to_64_table": 1},
)
def mortality_45_to_64():
    """
    The fractional mortality rate for people aged 45-64 (M3#12).
    """
    return mortality_45_to_64_table(life_expectancy() / one_year())


@component.add(
    name="mortality 45 to 64 table",
    units="1/year",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={"__lookup__": "_hardcodedlookup_mortality_45_to_64_table"},
)
def mortality_45_to_64_table(x, final_subs=None):
    """
    The table relating average life to mortality in the 45 to 64 age group (M2T#12.1).
    """
    return _hardcodedlookup_mortality_45_to_64_table(x, final_subs)


_hardcodedlookup_mortality_45_to_64_table = HardcodedLookups(
    [20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0],
    [0.0562, 0.0373, 0.0252, 0.0171, 0.0118, 0.0083, 0.006],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_mortality_45_to_64_table",
)


@component.add(
    name="mortality 65 plus",
    units="1/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"life_expectancy": 1, "one_year": 1, "mortality_65_plus_table": 1},
)
def mortality_65_plus():
    """
    The fractional mortality rate for people over 65 (M4#16).
    """
    return mortality_65_plus_table(life_expectancy() / one_year())


@component.add(
    name="mortality 65 plus table",
    units="1/year",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={"__lookup__": "_hardcodedlookup_mortality_65_plus_table"},
)
def mortality_65_plus_table(x, final_subs=None):
    """
    The table relating average life expectancy to mortality among people over 65 (M4T#16.1)
    """
    return _hardcodedlookup_mortality_65_plus_table(x, final_subs)


_hardcodedlookup_mortality_65_plus_table = HardcodedLookups(
    [20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0],
    [0.13, 0.11, 0.09, 0.07, 0.06, 0.05, 0.04],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_mortality_65_plus_table",
)


@component.add(
    name="mortality 0 to 14",
    units="1/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"life_expectancy": 1, "one_year": 1, "mortality_0_to_14_table": 1},
)
def mortality_0_to_14():
    """
    The fractional mortality rate for people aged 0-14 (M1#4).
    """
    return mortality_0_to_14_table(life_expectancy() / one_year())


@component.add(
    name="mortality 0 to 14 table",
    units="1/year",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={"__lookup__": "_hardcodedlookup_mortality_0_to_14_table"},
)
def mortality_0_to_14_table(x, final_subs=None):
    """
    The table relating average life to mortality in the 0 to 14 age group (M1T#4.1).
    """
    return _hardcodedlookup_mortality_0_to_14_table(x, final_subs)


_hardcodedlookup_mortality_0_to_14_table = HardcodedLookups(
    [20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0],
    [0.0567, 0.0366, 0.0243, 0.0155, 0.0082, 0.0023, 0.001],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_mortality_0_to_14_table",
)


@component.add(
    name="mortality 15 to 44",
    units="1/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"life_expectancy": 1, "one_year": 1, "mortality_15_to_44_table": 1},
)
def mortality_15_to_44():
    """
    The fractional mortality rate for people aged 15-44 (M2#8).
    """
    return mortality_15_to_44_table(life_expectancy() / one_year())


@component.add(
    name="mortality 15 to 44 table",
    units="1/year",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={"__lookup__": "_hardcodedlookup_mortality_15_to_44_table"},
)
def mortality_15_to_44_table(x, final_subs=None):
    """
    The table relating average life to mortality in the 15 to 44 age group (M2T#8.1).
    """
    return _hardcodedlookup_mortality_15_to_44_table(x, final_subs)


_hardcodedlookup_mortality_15_to_44_table = HardcodedLookups(
    [20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0],
    [0.0266, 0.0171, 0.011, 0.0065, 0.004, 0.0016, 0.0008],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_mortality_15_to_44_table",
)


@component.add(
    name="Population 0 To 14",
    units="Person",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_population_0_to_14": 1},
    other_deps={
        "_integ_population_0_to_14": {
            "initial": {"initial_population_0_to_14": 1},
            "step": {"births": 1, "deaths_0_to_14": 1, "maturation_14_to_15": 1},
        }
    },
)
def population_0_to_14():
    """
    World population, AGES 0-14 (P1#2)
    """
    return _integ_population_0_to_14()


_integ_population_0_to_14 = Integ(
    lambda: births() - deaths_0_to_14() - maturation_14_to_15(),
    lambda: initial_population_0_to_14(),
    "_integ_population_0_to_14",
)


@component.add(
    name="initial population 0 to 14",
    units="Person",
    comp_type="Constant",
    comp_subtype="Normal",
)
def initial_population_0_to_14():
    """
    The initial number of people aged 0 to 14 (P1I#2.2).
    """
    return 650000000.0


@component.add(
    name="Population 15 To 44",
    units="Person",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_population_15_to_44": 1},
    other_deps={
        "_integ_population_15_to_44": {
            "initial": {"initial_population_15_to_44": 1},
            "step": {
                "maturation_14_to_15": 1,
                "deaths_15_to_44": 1,
                "maturation_44_to_45": 1,
            },
        }
    },
)
def population_15_to_44():
    """
    World population, AGES 15-44 (P2#6)
    """
    return _integ_population_15_to_44()


_integ_population_15_to_44 = Integ(
    lambda: maturation_14_to_15() - deaths_15_to_44() - maturation_44_to_45(),
    lambda: initial_population_15_to_44(),
    "_integ_population_15_to_44",
)


@component.add(
    name="initial population 15 to 44",
    units="Person",
    comp_type="Constant",
    comp_subtype="Normal",
)
def initial_population_15_to_44():
    """
    The initial number of people aged 15 to 44 (P2I#6.2).
    """
    return 700000000.0


@component.add(
    name="Population 45 To 64",
    units="Person",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_population_45_to_64": 1},
    other_deps={
        "_integ_population_45_to_64": {
            "initial": {"initial_population_54_to_64": 1},
            "step": {
                "maturation_44_to_45": 1,
                "deaths_45_to_64": 1,
                "maturation_64_to_65": 1,
            },
        }
    },
)
def population_45_to_64():
    """
    The world population aged 0 to 14 (P3#10).
    """
    return _integ_population_45_to_64()


_integ_population_45_to_64 = Integ(
    lambda: maturation_44_to_45() - deaths_45_to_64() - maturation_64_to_65(),
    lambda: initial_population_54_to_64(),
    "_integ_population_45_to_64",
)


@component.add(
    name="initial population 54 to 64",
    units="Person",
    comp_type="Constant",
    comp_subtype="Normal",
)
def initial_population_54_to_64():
    """
    The initial number of people aged 45 to 64 (P3I#10.2).
    """
    return 190000000.0


@component.add(
    name="Population 65 Plus",
    units="Person",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_population_65_plus": 1},
    other_deps={
        "_integ_population_65_plus": {
            "initial": {"initial_population_65_plus": 1},
            "step": {"maturation_64_to_65": 1, "deaths_65_plus": 1},
        }
    },
)
def population_65_plus():
    """
    The world population aged 65 and over (P4#14).
    """
    return _integ_population_65_plus()


_integ_population_65_plus = Integ(
    lambda: maturation_64_to_65() - deaths_65_plus(),
    lambda: initial_population_65_plus(),
    "_integ_population_65_plus",
)


@component.add(
    name="initial population 65 plus",
    units="Person",
    comp_type="Constant",
    comp_subtype="Normal",
)
def initial_population_65_plus():
    """
    The initial number of people aged 65 and over (P4I#14.2)
    """
    return 60000000.0


@component.add(
    name="population",
    units="Person",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "population_0_to_14": 1,
        "population_15_to_44": 1,
        "population_45_to_64": 1,
        "population_65_plus": 1,
    },
)
def population():
    """
    Total world population in all age groups (POP#1).
    """
    return (
        population_0_to_14()
        + population_15_to_44()
        + population_45_to_64()
        + population_65_plus()
    )


@component.add(
    name="average industrial output per capita",
    units="$/(Person*year)",
    comp_type="Stateful",
    comp_subtype="Smooth",
    depends_on={"_smooth_average_industrial_output_per_capita": 1},
    other_deps={
        "_smooth_average_industrial_output_per_capita": {
            "initial": {"industrial_output_per_capita": 1},
            "step": {
                "industrial_output_per_capita": 1,
                "income_expectation_averaging_time": 1,
            },
        }
    },
)
def average_industrial_output_per_capita():
    """
    Average industrial output per capita (AIOPC#43).
    """
    return _smooth_average_industrial_output_per_capita()


_smooth_average_industrial_output_per_capita = Smooth(
    lambda: industrial_output_per_capita(),
    lambda: income_expectation_averaging_time(),
    lambda: industrial_output_per_capita(),
    lambda: 1,
    "_smooth_average_industrial_output_per_capita",
)


@component.add(
    name="birth rate",
    units="C/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"thousand": 1, "births": 1, "population": 1},
)
def birth_rate():
    """
    The crude birth rate measured in people per thousand people per year (CBR#31).
    """
    return thousand() * births() / population()


@component.add(
    name="births",
    units="Person/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "time": 1,
        "population_equilibrium_time": 1,
        "deaths": 1,
        "total_fertility": 1,
        "reproductive_lifetime": 1,
        "population_15_to_44": 1,
    },
)
def births():
    """
    The total number of births in the world (B#30).
    """
    return if_then_else(
        time() >= population_equilibrium_time(),
        lambda: deaths(),
        lambda: total_fertility()
        * population_15_to_44()
        * 0.5
        / reproductive_lifetime(),
    )


@component.add(
    name="completed multiplier from perceived lifetime",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "perceived_life_expectancy": 1,
        "one_year": 1,
        "completed_multiplier_from_perceived_lifetime_table": 1,
    },
)
def completed_multiplier_from_perceived_lifetime():
    """
    COMPENSATORY MULTIPLIER FROM PERCEIVED LIFE EXPECTANCY (CMPLE#36).
    """
    return completed_multiplier_from_perceived_lifetime_table(
        perceived_life_expectancy() / one_year()
    )


@component.add(
    name="completed multiplier from perceived lifetime table",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_completed_multiplier_from_perceived_lifetime_table"
    },
)
def completed_multiplier_from_perceived_lifetime_table(x, final_subs=None):
    """
    Table relating perceived life expectancy to birth rate compensation (CMPLET#36.1).
    """
    return _hardcodedlookup_completed_multiplier_from_perceived_lifetime_table(
        x, final_subs
    )


_hardcodedlookup_completed_multiplier_from_perceived_lifetime_table = HardcodedLookups(
    [0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0],
    [3.0, 2.1, 1.6, 1.4, 1.3, 1.2, 1.1, 1.05, 1.0],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_completed_multiplier_from_perceived_lifetime_table",
)


@component.add(
    name="delayed industrial output per capita",
    units="$/(Person*year)",
    comp_type="Stateful",
    comp_subtype="Smooth",
    depends_on={"_smooth_delayed_industrial_output_per_capita": 1},
    other_deps={
        "_smooth_delayed_industrial_output_per_capita": {
            "initial": {"industrial_output_per_capita": 1},
            "step": {"industrial_output_per_capita": 1, "social_adjustment_delay": 1},
        }
    },
)
def delayed_industrial_output_per_capita():
    """
    Delayed industrial output per capita (DIOPC#40).
    """
    return _smooth_delayed_industrial_output_per_capita()


_smooth_delayed_industrial_output_per_capita = Smooth(
    lambda: industrial_output_per_capita(),
    lambda: social_adjustment_delay(),
    lambda: industrial_output_per_capita(),
    lambda: 3,
    "_smooth_delayed_industrial_output_per_capita",
)


@component.add(
    name="desired completed family size",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "time": 1,
        "zero_population_growth_time": 1,
        "family_response_to_social_norm": 1,
        "desired_completed_family_size_normal": 1,
        "social_family_size_normal": 1,
    },
)
def desired_completed_family_size():
    """
    Desired completed family size (DCFS#38)
    """
    return if_then_else(
        time() >= zero_population_growth_time(),
        lambda: 2,
        lambda: desired_completed_family_size_normal()
        * family_response_to_social_norm()
        * social_family_size_normal(),
    )


@component.add(
    name="desired completed family size normal",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def desired_completed_family_size_normal():
    """
    DESIRED COMPLETED FAMILY SIZE NORMAL (DCFSN#38.2).
    """
    return 3.8


@component.add(
    name="desired total fertility",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "desired_completed_family_size": 1,
        "completed_multiplier_from_perceived_lifetime": 1,
    },
)
def desired_total_fertility():
    """
    DESIRED TOTAL FERTILITY (DTF#35).
    """
    return (
        desired_completed_family_size() * completed_multiplier_from_perceived_lifetime()
    )


@component.add(
    name="family income expectation",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "industrial_output_per_capita": 1,
        "average_industrial_output_per_capita": 2,
    },
)
def family_income_expectation():
    """
    Family income expectations (FIE#42).
    """
    return (
        industrial_output_per_capita() - average_industrial_output_per_capita()
    ) / average_industrial_output_per_capita()


@component.add(
    name="family response to social norm",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "family_income_expectation": 1,
        "family_response_to_social_norm_table": 1,
    },
)
def family_response_to_social_norm():
    """
    FAMILY RESPONSE TO SOCIAL NORM (FRSN#41).
    """
    return family_response_to_social_norm_table(family_income_expectation())


@component.add(
    name="family response to social norm table",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={"__lookup__": "_hardcodedlookup_family_response_to_social_norm_table"},
)
def family_response_to_social_norm_table(x, final_subs=None):
    """
    The table relating income expectations to family size (FRSNT#41.1).
    """
    return _hardcodedlookup_family_response_to_social_norm_table(x, final_subs)


_hardcodedlookup_family_response_to_social_norm_table = HardcodedLookups(
    [-0.2, -0.1, 0.0, 0.1, 0.2],
    [0.5, 0.6, 0.7, 0.85, 1.0],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_family_response_to_social_norm_table",
)


@component.add(
    name="fecundity multiplier",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"life_expectancy": 1, "one_year": 1, "fecundity_multiplier_table": 1},
)
def fecundity_multiplier():
    """
    FECUNDITY MULTIPLIER (FM#34).
    """
    return fecundity_multiplier_table(life_expectancy() / one_year())


@component.add(
    name="fecundity multiplier table",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={"__lookup__": "_hardcodedlookup_fecundity_multiplier_table"},
)
def fecundity_multiplier_table(x, final_subs=None):
    """
    Table relating life expectancy to fecundity (FMT#34.1).
    """
    return _hardcodedlookup_fecundity_multiplier_table(x, final_subs)


_hardcodedlookup_fecundity_multiplier_table = HardcodedLookups(
    [0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0],
    [0.0, 0.2, 0.4, 0.6, 0.7, 0.75, 0.79, 0.84, 0.87],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_fecundity_multiplier_table",
)


@component.add(
    name="fertility control allocation per capita",
    units="$/(Person*year)",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "fraction_services_allocated_to_fertility_control": 1,
        "service_output_per_capita": 1,
    },
)
def fertility_control_allocation_per_capita():
    """
    FERTILITY CONTROL ALLOCATIONS PER CAPITA (FCAPC#47).
    """
    return (
        fraction_services_allocated_to_fertility_control() * service_output_per_capita()
    )


@component.add(
    name="fertility control effectiveness",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "time": 1,
        "fertility_control_effectiveness_time": 1,
        "fertility_control_effectiveness_table": 1,
        "fertility_control_facilities_per_capita": 1,
        "gdp_pc_unit": 1,
    },
)
def fertility_control_effectiveness():
    """
    Fertility control effectiveness (FCE#45).
    """
    return if_then_else(
        time() >= fertility_control_effectiveness_time(),
        lambda: 1,
        lambda: fertility_control_effectiveness_table(
            fertility_control_facilities_per_capita() / gdp_pc_unit()
        ),
    )


@component.add(
    name="fertility control effectiveness table",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={"__lookup__": "_hardcodedlookup_fertility_control_effectiveness_table"},
)
def fertility_control_effectiveness_table(x, final_subs=None):
    """
    Fertility control effectiveness table (FCET#45.2).
    """
    return _hardcodedlookup_fertility_control_effectiveness_table(x, final_subs)


_hardcodedlookup_fertility_control_effectiveness_table = HardcodedLookups(
    [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0],
    [0.75, 0.85, 0.9, 0.95, 0.98, 0.99, 1.0],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_fertility_control_effectiveness_table",
)


@component.add(
    name="fertility control facilities per capita",
    units="$/(Person*year)",
    comp_type="Stateful",
    comp_subtype="Smooth",
    depends_on={"_smooth_fertility_control_facilities_per_capita": 1},
    other_deps={
        "_smooth_fertility_control_facilities_per_capita": {
            "initial": {"fertility_control_allocation_per_capita": 1},
            "step": {
                "fertility_control_allocation_per_capita": 1,
                "health_services_impact_delay": 1,
            },
        }
    },
)
def fertility_control_facilities_per_capita():
    """
    FERTILITY CONTROL FACILITIES PER CAPITA (FCFPC#46).
    """
    return _smooth_fertility_control_facilities_per_capita()


_smooth_fertility_control_facilities_per_capita = Smooth(
    lambda: fertility_control_allocation_per_capita(),
    lambda: health_services_impact_delay(),
    lambda: fertility_control_allocation_per_capita(),
    lambda: 3,
    "_smooth_fertility_control_facilities_per_capita",
)


@component.add(
    name="fraction services allocated to fertility control",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "need_for_fertility_control": 1,
        "fraction_services_allocated_to_fertility_control_table": 1,
    },
)
def fraction_services_allocated_to_fertility_control():
    """
    FRACTION OF SERVICES ALLOCATED TO FERTILITY CONTROL (FSAFC#48).
    """
    return fraction_services_allocated_to_fertility_control_table(
        need_for_fertility_control()
    )


@component.add(
    name="fraction services allocated to fertility control table",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_fraction_services_allocated_to_fertility_control_table"
    },
)
def fraction_services_allocated_to_fertility_control_table(x, final_subs=None):
    """
    Table relating the need for fertility control to services allocated. (FSAFCT#48.1).
    """
    return _hardcodedlookup_fraction_services_allocated_to_fertility_control_table(
        x, final_subs
    )


_hardcodedlookup_fraction_services_allocated_to_fertility_control_table = (
    HardcodedLookups(
        [0.0, 2.0, 4.0, 6.0, 8.0, 10.0],
        [0.0, 0.005, 0.015, 0.025, 0.03, 0.035],
        {},
        "interpolate",
        {},
        "_hardcodedlookup_fraction_services_allocated_to_fertility_control_table",
    )
)


@component.add(
    name="income expectation averaging time",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def income_expectation_averaging_time():
    """
    Income expectation averaging time (IEAT#43.1)
    """
    return 3


@component.add(
    name="lifetime perception delay",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def lifetime_perception_delay():
    """
    Lifetime perception delay (LPD#37.1)
    """
    return 20


@component.add(
    name="maximum total fertility",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"maximum_total_fertility_normal": 1, "fecundity_multiplier": 1},
)
def maximum_total_fertility():
    """
    MAXIMUM TOTAL FERTILITY (MTF#33).
    """
    return maximum_total_fertility_normal() * fecundity_multiplier()


@component.add(
    name="maximum total fertility normal",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def maximum_total_fertility_normal():
    """
    The normal maximum fertility that would be realized if people had sufficient food and perfect health. (MTFN#33)
    """
    return 12


@component.add(
    name="need for fertility control",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"maximum_total_fertility": 1, "desired_total_fertility": 1},
)
def need_for_fertility_control():
    """
    NEED FOR FERTILITY CONTROL (NFC#44).
    """
    return maximum_total_fertility() / desired_total_fertility() - 1


@component.add(
    name="perceived life expectancy",
    units="year",
    comp_type="Stateful",
    comp_subtype="Smooth",
    depends_on={"_smooth_perceived_life_expectancy": 1},
    other_deps={
        "_smooth_perceived_life_expectancy": {
            "initial": {"life_expectancy": 1},
            "step": {"life_expectancy": 1, "lifetime_perception_delay": 1},
        }
    },
)
def perceived_life_expectancy():
    """
    Perceived life expectancy (PLE#37)
    """
    return _smooth_perceived_life_expectancy()


_smooth_perceived_life_expectancy = Smooth(
    lambda: life_expectancy(),
    lambda: lifetime_perception_delay(),
    lambda: life_expectancy(),
    lambda: 3,
    "_smooth_perceived_life_expectancy",
)


@component.add(
    name="reproductive lifetime",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def reproductive_lifetime():
    """
    The number of years people can reproduce (RLT#30.1)
    """
    return 30


@component.add(
    name="social family size normal",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "delayed_industrial_output_per_capita": 1,
        "gdp_pc_unit": 1,
        "social_family_size_normal_table": 1,
    },
)
def social_family_size_normal():
    """
    SOCIAL FAMILY SIZE NORM (SFN#39).
    """
    return social_family_size_normal_table(
        delayed_industrial_output_per_capita() / gdp_pc_unit()
    )


@component.add(
    name="social family size normal table",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={"__lookup__": "_hardcodedlookup_social_family_size_normal_table"},
)
def social_family_size_normal_table(x, final_subs=None):
    """
    Table relating material well being to family size (SFNT#39.1)
    """
    return _hardcodedlookup_social_family_size_normal_table(x, final_subs)


_hardcodedlookup_social_family_size_normal_table = HardcodedLookups(
    [0.0, 200.0, 400.0, 600.0, 800.0],
    [1.25, 0.94, 0.715, 0.59, 0.5],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_social_family_size_normal_table",
)


@component.add(
    name="social adjustment delay",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def social_adjustment_delay():
    """
    SOCIAL ADJUSTMENT DELAY (SAD#40.1).
    """
    return 20


@component.add(
    name="fertility control effectiveness time",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def fertility_control_effectiveness_time():
    """
    FERTILITY CONTROL EFFECTIVENESS SET TIME (FCEST#45.1).
    """
    return 4000


@component.add(
    name="population equilibrium time",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def population_equilibrium_time():
    """
    The time at which, as a model test, the population is forced to remain constant. (PET#30.2)
    """
    return 4000


@component.add(
    name="zero population growth time",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def zero_population_growth_time():
    """
    TIME WHEN DESIRED FAMILY SIZE EQUALS 2 CHILDREN (ZPGT#38.1)
    """
    return 4000


@component.add(name="THOUSAND", units="C", comp_type="Constant", comp_subtype="Normal")
def thousand():
    """
    Units converted for /1000 rates (--).
    """
    return 1000


@component.add(
    name="total fertility",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "maximum_total_fertility": 2,
        "desired_total_fertility": 1,
        "fertility_control_effectiveness": 2,
    },
)
def total_fertility():
    """
    TOTAL FERTILITY (TF#32).
    """
    return float(
        np.minimum(
            maximum_total_fertility(),
            maximum_total_fertility() * (1 - fertility_control_effectiveness())
            + desired_total_fertility() * fertility_control_effectiveness(),
        )
    )


@component.add(
    name="crowding multiplier from industry",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "industrial_output_per_capita": 1,
        "gdp_pc_unit": 1,
        "crowding_multiplier_from_industry_table": 1,
    },
)
def crowding_multiplier_from_industry():
    """
    CROWDING MULTIPLIER FROM INDUSTRIALIZATION (CMI#27).
    """
    return crowding_multiplier_from_industry_table(
        industrial_output_per_capita() / gdp_pc_unit()
    )


@component.add(
    name="crowding multiplier from industry table",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_crowding_multiplier_from_industry_table"
    },
)
def crowding_multiplier_from_industry_table(x, final_subs=None):
    """
    Table relating industrial output to crowding (CMIT#27.1).
    """
    return _hardcodedlookup_crowding_multiplier_from_industry_table(x, final_subs)


_hardcodedlookup_crowding_multiplier_from_industry_table = HardcodedLookups(
    [0.0, 200.0, 400.0, 600.0, 800.0, 1000.0, 1200.0, 1400.0, 1600.0],
    [0.5, 0.05, -0.1, -0.08, -0.02, 0.05, 0.1, 0.15, 0.2],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_crowding_multiplier_from_industry_table",
)


@component.add(
    name="death rate",
    units="C/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"thousand": 1, "deaths": 1, "population": 1},
)
def death_rate():
    """
    CRUDE DEATH RATE (CDR#18)
    """
    return thousand() * deaths() / population()


@component.add(
    name="deaths",
    units="Person/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "deaths_0_to_14": 1,
        "deaths_15_to_44": 1,
        "deaths_45_to_64": 1,
        "deaths_65_plus": 1,
    },
)
def deaths():
    """
    The total number of deaths per year for all age groups (D#17).
    """
    return deaths_0_to_14() + deaths_15_to_44() + deaths_45_to_64() + deaths_65_plus()


@component.add(
    name="effective health services per capita",
    units="$/(Person*year)",
    comp_type="Stateful",
    comp_subtype="Smooth",
    depends_on={"_smooth_effective_health_services_per_capita": 1},
    other_deps={
        "_smooth_effective_health_services_per_capita": {
            "initial": {"health_services_per_capita": 1},
            "step": {
                "health_services_per_capita": 1,
                "health_services_impact_delay": 1,
            },
        }
    },
)
def effective_health_services_per_capita():
    """
    Effective health services per capita - delayed from allocation (EHSPC#22)
    """
    return _smooth_effective_health_services_per_capita()


_smooth_effective_health_services_per_capita = Smooth(
    lambda: health_services_per_capita(),
    lambda: health_services_impact_delay(),
    lambda: health_services_per_capita(),
    lambda: 1,
    "_smooth_effective_health_services_per_capita",
)


@component.add(
    name="fraction of population urban",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "population": 1,
        "unit_population": 1,
        "fraction_of_population_urban_table": 1,
    },
)
def fraction_of_population_urban():
    """
    FRACTION OF POPULATION URBAN (FPU#26).
    """
    return fraction_of_population_urban_table(population() / unit_population())


@component.add(
    name="fraction of population urban table",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={"__lookup__": "_hardcodedlookup_fraction_of_population_urban_table"},
)
def fraction_of_population_urban_table(x, final_subs=None):
    """
    Table relating population to the fraction of population that is urban (FPUT#26.1).
    """
    return _hardcodedlookup_fraction_of_population_urban_table(x, final_subs)


_hardcodedlookup_fraction_of_population_urban_table = HardcodedLookups(
    [0.0e00, 2.0e09, 4.0e09, 6.0e09, 8.0e09, 1.0e10, 1.2e10, 1.4e10, 1.6e10],
    [0.0, 0.2, 0.4, 0.5, 0.58, 0.65, 0.72, 0.78, 0.8],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_fraction_of_population_urban_table",
)


@component.add(
    name="health services per capita",
    units="$/(Person*year)",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "service_output_per_capita": 1,
        "gdp_pc_unit": 1,
        "health_services_per_capita_table": 1,
    },
)
def health_services_per_capita():
    """
    Health services allocation per capita (HSAPC#21).
    """
    return health_services_per_capita_table(service_output_per_capita() / gdp_pc_unit())


@component.add(
    name="health services per capita table",
    units="$/(Person*year)",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={"__lookup__": "_hardcodedlookup_health_services_per_capita_table"},
)
def health_services_per_capita_table(x, final_subs=None):
    """
    The table relating service output to health services (HSAPCT#21.1).
    """
    return _hardcodedlookup_health_services_per_capita_table(x, final_subs)


_hardcodedlookup_health_services_per_capita_table = HardcodedLookups(
    [0, 250, 500, 750, 1000, 1250, 1500, 1750, 2000],
    [0, 20, 50, 95, 140, 175, 200, 220, 230],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_health_services_per_capita_table",
)


@component.add(
    name="health services impact delay",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def health_services_impact_delay():
    """
    The delay between allocating health services, and realizing the benefit (HSID#22.1).
    """
    return 20


@component.add(
    name="life expectancy normal",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def life_expectancy_normal():
    """
    The normal life expectancy with subsistance food, no medical care and no industrialization (LEN#19.1)
    """
    return 28


@component.add(
    name="life expectancy",
    units="year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "life_expectancy_normal": 1,
        "lifetime_multiplier_from_food": 1,
        "lifetime_multiplier_from_health_services": 1,
        "lifetime_multiplier_from_persistent_pollution": 1,
        "lifetime_multiplier_from_crowding": 1,
    },
)
def life_expectancy():
    """
    The average life expectancy (LE#19).
    """
    return (
        life_expectancy_normal()
        * lifetime_multiplier_from_food()
        * lifetime_multiplier_from_health_services()
        * lifetime_multiplier_from_persistent_pollution()
        * lifetime_multiplier_from_crowding()
    )


@component.add(
    name="lifetime multiplier from crowding",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "crowding_multiplier_from_industry": 1,
        "fraction_of_population_urban": 1,
    },
)
def lifetime_multiplier_from_crowding():
    """
    LIFETIME MULTIPLIER FROM CROWDING (LMC#28)
    """
    return 1 - crowding_multiplier_from_industry() * fraction_of_population_urban()


@component.add(
    name="lifetime multiplier from food",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "food_per_capita": 1,
        "subsistence_food_per_capita": 1,
        "lifetime_multiplier_from_food_table": 1,
    },
)
def lifetime_multiplier_from_food():
    """
    The life expectancy multiplier from food (LMF#20)
    """
    return lifetime_multiplier_from_food_table(
        food_per_capita() / subsistence_food_per_capita()
    )


@component.add(
    name="lifetime multiplier from food table",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={"__lookup__": "_hardcodedlookup_lifetime_multiplier_from_food_table"},
)
def lifetime_multiplier_from_food_table(x, final_subs=None):
    """
    The table ralating relative food to the life expectancy multiplier for food (LMFT#20.1)
    """
    return _hardcodedlookup_lifetime_multiplier_from_food_table(x, final_subs)


_hardcodedlookup_lifetime_multiplier_from_food_table = HardcodedLookups(
    [0.0, 1.0, 2.0, 3.0, 4.0, 5.0],
    [0.0, 1.0, 1.43, 1.5, 1.5, 1.5],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_lifetime_multiplier_from_food_table",
)


@component.add(
    name="lifetime multiplier from health services",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "time": 1,
        "lifetime_multiplier_from_health_services_2": 1,
        "lifetime_multiplier_from_health_services_1": 1,
    },
)
def lifetime_multiplier_from_health_services():
    """
    The life expectancy multiplier from health services (LMHS#23).
    """
    return if_then_else(
        time() > 1940,
        lambda: lifetime_multiplier_from_health_services_2(),
        lambda: lifetime_multiplier_from_health_services_1(),
    )


@component.add(
    name="lifetime multiplier from health services 1",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "effective_health_services_per_capita": 1,
        "gdp_pc_unit": 1,
        "lifetime_multiplier_from_health_services_1_table": 1,
    },
)
def lifetime_multiplier_from_health_services_1():
    """
    The life expectancy multiplier from health services before 1940 (LMHS1#24).
    """
    return lifetime_multiplier_from_health_services_1_table(
        effective_health_services_per_capita() / gdp_pc_unit()
    )


@component.add(
    name="lifetime multiplier from health services 1 table",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_lifetime_multiplier_from_health_services_1_table"
    },
)
def lifetime_multiplier_from_health_services_1_table(x, final_subs=None):
    """
    Table relating effective health care to life expectancy (LMHS1T#24.1).
    """
    return _hardcodedlookup_lifetime_multiplier_from_health_services_1_table(
        x, final_subs
    )


_hardcodedlookup_lifetime_multiplier_from_health_services_1_table = HardcodedLookups(
    [0.0, 20.0, 40.0, 60.0, 80.0, 100.0],
    [1.0, 1.1, 1.4, 1.6, 1.7, 1.8],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_lifetime_multiplier_from_health_services_1_table",
)


@component.add(
    name="lifetime multiplier from health services 2",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "effective_health_services_per_capita": 1,
        "gdp_pc_unit": 1,
        "lifetime_multiplier_from_health_services_2_table": 1,
    },
)
def lifetime_multiplier_from_health_services_2():
    """
    The life expectancy multipier from health services value after 1940 (LMHS2#25).
    """
    return lifetime_multiplier_from_health_services_2_table(
        effective_health_services_per_capita() / gdp_pc_unit()
    )


@component.add(
    name="lifetime multiplier from health services 2 table",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_lifetime_multiplier_from_health_services_2_table"
    },
)
def lifetime_multiplier_from_health_services_2_table(x, final_subs=None):
    """
    Table relating effective health care to life expectancy (LMHS2T#25.1)
    """
    return _hardcodedlookup_lifetime_multiplier_from_health_services_2_table(
        x, final_subs
    )


_hardcodedlookup_lifetime_multiplier_from_health_services_2_table = HardcodedLookups(
    [0.0, 20.0, 40.0, 60.0, 80.0, 100.0],
    [1.0, 1.5, 1.9, 2.0, 2.0, 2.0],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_lifetime_multiplier_from_health_services_2_table",
)


@component.add(
    name="lifetime multiplier from persistent pollution",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "persistent_pollution_index": 1,
        "lifetime_multiplier_from_persistent_pollution_table": 1,
    },
)
def lifetime_multiplier_from_persistent_pollution():
    """
    LIFETIME MULTIPLIER FROM PERSISTENT POLLUTION (LMP#29)
    """
    return lifetime_multiplier_from_persistent_pollution_table(
        persistent_pollution_index()
    )


@component.add(
    name="lifetime multiplier from persistent pollution table",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_lifetime_multiplier_from_persistent_pollution_table"
    },
)
def lifetime_multiplier_from_persistent_pollution_table(x, final_subs=None):
    """
    Table relating persistent pollution to life expectancy (LMPT#29.1)
    """
    return _hardcodedlookup_lifetime_multiplier_from_persistent_pollution_table(
        x, final_subs
    )


_hardcodedlookup_lifetime_multiplier_from_persistent_pollution_table = HardcodedLookups(
    [0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0],
    [1.0, 0.99, 0.97, 0.95, 0.9, 0.85, 0.75, 0.65, 0.55, 0.4, 0.2],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_lifetime_multiplier_from_persistent_pollution_table",
)


@component.add(
    name="desired resource use rate",
    units="Resource units/year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def desired_resource_use_rate():
    """
    Desired non-renewable resource usage rate (DNRUR#--)
    """
    return 4800000000.0


@component.add(
    name="fraction of resources remaining",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"nonrenewable_resources": 1, "initial_nonrenewable_resources": 1},
)
def fraction_of_resources_remaining():
    """
    Non-renewable resource fraction remaining (NRFR#133).
    """
    return nonrenewable_resources() / initial_nonrenewable_resources()


@component.add(
    name="resource usage rate",
    units="Resource units/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "population": 1,
        "per_capita_resource_use_multiplier": 1,
        "resource_use_factor": 1,
    },
)
def resource_usage_rate():
    """
    Non-renewable resource use rate (NRUR#130).
    """
    return (population() * per_capita_resource_use_multiplier()) * resource_use_factor()


@component.add(
    name="initial nonrenewable resources",
    units="Resource units",
    comp_type="Constant",
    comp_subtype="Normal",
)
def initial_nonrenewable_resources():
    """
    NONRENEWABLE RESOURCE INITIAL (NR#129.2).
    """
    return 1000000000000.0


@component.add(
    name="Nonrenewable Resources",
    units="Resource units",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_nonrenewable_resources": 1},
    other_deps={
        "_integ_nonrenewable_resources": {
            "initial": {"initial_nonrenewable_resources": 1},
            "step": {"resource_usage_rate": 1},
        }
    },
)
def nonrenewable_resources():
    """
    Non-renewable resource (NR#129)
    """
    return _integ_nonrenewable_resources()


_integ_nonrenewable_resources = Integ(
    lambda: -resource_usage_rate(),
    lambda: initial_nonrenewable_resources(),
    "_integ_nonrenewable_resources",
)


@component.add(
    name="fraction of capital allocated to obtaining resources 1",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "fraction_of_resources_remaining": 1,
        "fraction_of_capital_allocated_to_obtaining_resources_1_table": 1,
    },
)
def fraction_of_capital_allocated_to_obtaining_resources_1():
    """
    Fraction of capital allocated to obtaining resources before switch time (FCAOR1#135).
    """
    return fraction_of_capital_allocated_to_obtaining_resources_1_table(
        fraction_of_resources_remaining()
    )


@component.add(
    name="fraction of capital allocated to obtaining resources 1 table",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_fraction_of_capital_allocated_to_obtaining_resources_1_table"
    },
)
def fraction_of_capital_allocated_to_obtaining_resources_1_table(x, final_subs=None):
    """
    Table relating the fraction of resources remaining to capital allocated to resource extraction (FCAOR1T#135.1).
    """
    return (
        _hardcodedlookup_fraction_of_capital_allocated_to_obtaining_resources_1_table(
            x, final_subs
        )
    )


_hardcodedlookup_fraction_of_capital_allocated_to_obtaining_resources_1_table = (
    HardcodedLookups(
        [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0],
        [1.0, 0.9, 0.7, 0.5, 0.2, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05],
        {},
        "interpolate",
        {},
        "_hardcodedlookup_fraction_of_capital_allocated_to_obtaining_resources_1_table",
    )
)


@component.add(
    name="fraction of capital allocated to obtaining resources 2",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "fraction_of_resources_remaining": 1,
        "fraction_of_capital_allocated_to_obtaining_resources_2_table": 1,
    },
)
def fraction_of_capital_allocated_to_obtaining_resources_2():
    """
    Fraction of capital allocated to obtaining resources after switch time (FCAOR2#136).
    """
    return fraction_of_capital_allocated_to_obtaining_resources_2_table(
        fraction_of_resources_remaining()
    )


@component.add(
    name="fraction of capital allocated to obtaining resources 2 table",
    units="Dmnl",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={
        "__lookup__": "_hardcodedlookup_fraction_of_capital_allocated_to_obtaining_resources_2_table"
    },
)
def fraction_of_capital_allocated_to_obtaining_resources_2_table(x, final_subs=None):
    """
    Table relating the fraction of resources remaining to capital allocated to resource extraction (FCAOR2T#136.1).
    """
    return (
        _hardcodedlookup_fraction_of_capital_allocated_to_obtaining_resources_2_table(
            x, final_subs
        )
    )


_hardcodedlookup_fraction_of_capital_allocated_to_obtaining_resources_2_table = (
    HardcodedLookups(
        [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0],
        [1.0, 0.2, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05],
        {},
        "interpolate",
        {},
        "_hardcodedlookup_fraction_of_capital_allocated_to_obtaining_resources_2_table",
    )
)


@component.add(
    name="resource use factor 1",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def resource_use_factor_1():
    """
    The nonrenewable resource usage factor before the policy year (NRUF1#131.1).
    """
    return 1


@component.add(
    name="resource use fact 2",
    units="Dmnl",
    comp_type="Stateful",
    comp_subtype="Smooth",
    depends_on={"_smooth_resource_use_fact_2": 1},
    other_deps={
        "_smooth_resource_use_fact_2": {
            "initial": {"resource_conservation_technology": 1},
            "step": {
                "resource_conservation_technology": 1,
                "technology_development_delay": 1,
            },
        }
    },
)
def resource_use_fact_2():
    """
    The nonrenewable resource usage factor after the policy year (NRUF2#131.2).
    """
    return _smooth_resource_use_fact_2()


_smooth_resource_use_fact_2 = Smooth(
    lambda: resource_conservation_technology(),
    lambda: technology_development_delay(),
    lambda: resource_conservation_technology(),
    lambda: 3,
    "_smooth_resource_use_fact_2",
)


@component.add(
    name="resource technology change rate multiplier",
    units="Dmnl/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "resource_usage_rate": 1,
        "desired_resource_use_rate": 1,
        "resource_technology_change_mult_table": 1,
    },
)
def resource_technology_change_rate_multiplier():
    """
    Resource technology change multiplier (NRCM#--)
    """
    return resource_technology_change_mult_table(
        1 - resource_usage_rate() / desired_resource_use_rate()
    )


@component.add(
    name="resource technology change mult table",
    units="Dmnl/year",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={"__lookup__": "_hardcodedlookup_resource_technology_change_mult_table"},
)
def resource_technology_change_mult_table(x, final_subs=None):
    """
    Table relating resource use to technological change. (NRCMT#--)
    """
    return _hardcodedlookup_resource_technology_change_mult_table(x, final_subs)


_hardcodedlookup_resource_technology_change_mult_table = HardcodedLookups(
    [-1, 0],
    [0, 0],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_resource_technology_change_mult_table",
)


@component.add(
    name="per capita resource use multiplier",
    units="Resource unit/(Person*year)",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "industrial_output_per_capita": 1,
        "gdp_pc_unit": 1,
        "per_capita_resource_use_mult_table": 1,
    },
)
def per_capita_resource_use_multiplier():
    """
    Per capita resource usage multiplier (PCRUM#132).
    """
    return per_capita_resource_use_mult_table(
        industrial_output_per_capita() / gdp_pc_unit()
    )


@component.add(
    name="per capita resource use mult table",
    units="Resource units/(Person*year)",
    comp_type="Lookup",
    comp_subtype="Normal",
    depends_on={"__lookup__": "_hardcodedlookup_per_capita_resource_use_mult_table"},
)
def per_capita_resource_use_mult_table(x, final_subs=None):
    """
    Table relating industrial output to resource usage per capita (PCRUMT#132.1).
    """
    return _hardcodedlookup_per_capita_resource_use_mult_table(x, final_subs)


_hardcodedlookup_per_capita_resource_use_mult_table = HardcodedLookups(
    [0.0, 200.0, 400.0, 600.0, 800.0, 1000.0, 1200.0, 1400.0, 1600.0],
    [0.0, 0.85, 2.6, 3.4, 3.8, 4.1, 4.4, 4.7, 5.0],
    {},
    "interpolate",
    {},
    "_hardcodedlookup_per_capita_resource_use_mult_table",
)


@component.add(
    name="Resource Conservation Technology",
    units="Dmnl",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_resource_conservation_technology": 1},
    other_deps={
        "_integ_resource_conservation_technology": {
            "initial": {},
            "step": {"resource_technology_change_rate": 1},
        }
    },
)
def resource_conservation_technology():
    """
    Non-renewable resource technology (NRTD#--)
    """
    return _integ_resource_conservation_technology()


_integ_resource_conservation_technology = Integ(
    lambda: resource_technology_change_rate(),
    lambda: 1,
    "_integ_resource_conservation_technology",
)


@component.add(
    name="resource technology change rate",
    units="1/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "time": 1,
        "policy_year": 1,
        "resource_conservation_technology": 1,
        "resource_technology_change_rate_multiplier": 1,
    },
)
def resource_technology_change_rate():
    """
    RESOURCE TECHNOLOGY IMPROVEMENT RATE (NRATE-##).
    """
    return if_then_else(
        time() >= policy_year(),
        lambda: resource_conservation_technology()
        * resource_technology_change_rate_multiplier(),
        lambda: 0,
    )


@component.add(
    name="fraction of industrial capital allocated to obtaining resources",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "time": 1,
        "fraction_of_industrial_capital_allocated_to_obtaining_resources_switch_time": 1,
        "fraction_of_capital_allocated_to_obtaining_resources_2": 1,
        "fraction_of_capital_allocated_to_obtaining_resources_1": 1,
    },
)
def fraction_of_industrial_capital_allocated_to_obtaining_resources():
    """
    FRACTION OF CAPITAL ALLOCATED TO OBTAINING RESOURCES (FCAOR#134).
    """
    return if_then_else(
        time()
        >= fraction_of_industrial_capital_allocated_to_obtaining_resources_switch_time(),
        lambda: fraction_of_capital_allocated_to_obtaining_resources_2(),
        lambda: fraction_of_capital_allocated_to_obtaining_resources_1(),
    )


@component.add(
    name="resource use factor",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "time": 1,
        "policy_year": 1,
        "resource_use_fact_2": 1,
        "resource_use_factor_1": 1,
    },
)
def resource_use_factor():
    """
    NONRENEWABLE RESOURCE USAGE FACTOR (NRUF#131).
    """
    return if_then_else(
        time() >= policy_year(),
        lambda: resource_use_fact_2(),
        lambda: resource_use_factor_1(),
    )


@component.add(
    name="fraction of industrial capital allocated to obtaining resources switch time",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def fraction_of_industrial_capital_allocated_to_obtaining_resources_switch_time():
    """
    Time at which to switch between alternative fraction of capital alocated to obtaining resources (FCAORTM#--).
    """
    return 4000


@component.add(
    name="technology development delay",
    units="year",
    comp_type="Constant",
    comp_subtype="Normal",
)
def technology_development_delay():
    """
    The technology development delay (TDD#--)
    """
    return 20


@component.add(
    name="consumed industrial output",
    units="$/year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "industrial_output": 1,
        "fraction_of_industrial_output_allocated_to_consumption": 1,
    },
)
def consumed_industrial_output():
    """
    Consumed industrial output (CIO#--).
    """
    return (
        industrial_output() * fraction_of_industrial_output_allocated_to_consumption()
    )


@component.add(
    name="consumed industrial output per capita",
    units="$/(Person*year)",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"consumed_industrial_output": 1, "population": 1},
)
def consumed_industrial_output_per_capita():
    """
    Consumption Industrial Output per Capita (CIOPC#--)
    """
    return consumed_industrial_output() / population()


@component.add(
    name="fraction of output in agriculture",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "price_of_food": 2,
        "food": 2,
        "service_output": 1,
        "industrial_output": 1,
    },
)
def fraction_of_output_in_agriculture():
    """
    FRACTION OF OUTPUT IN AGRICULTURE (FAO#147)
    """
    return (price_of_food() * food()) / (
        price_of_food() * food() + service_output() + industrial_output()
    )


@component.add(
    name="fraction of output in industry",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "industrial_output": 2,
        "price_of_food": 1,
        "service_output": 1,
        "food": 1,
    },
)
def fraction_of_output_in_industry():
    """
    Fraction of output that is industrial output (FOI#148).
    """
    return industrial_output() / (
        price_of_food() * food() + service_output() + industrial_output()
    )


@component.add(
    name="fraction of output in services",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "service_output": 2,
        "price_of_food": 1,
        "food": 1,
        "industrial_output": 1,
    },
)
def fraction_of_output_in_services():
    """
    FRACTION OF OUTPUT IN SERVICES (FOS#149).
    """
    return service_output() / (
        price_of_food() * food() + service_output() + industrial_output()
    )


@component.add(
    name="persistent pollution intensity industry",
    units="Pollution units/$",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "persistent_pollution_generation_industry": 1,
        "persistent_pollution_generation_factor": 1,
        "industrial_output": 1,
    },
)
def persistent_pollution_intensity_industry():
    """
    pollution intensity indicator (PLINID#--).
    """
    return (
        persistent_pollution_generation_industry()
        * persistent_pollution_generation_factor()
        / industrial_output()
    )


@component.add(
    name="PRICE OF FOOD",
    units="$/Veg equiv kg",
    comp_type="Constant",
    comp_subtype="Normal",
)
def price_of_food():
    """
    The price of food used as a basis for comparing agricultural and industrial output. (--).
    """
    return 0.22


@component.add(
    name="resource use intensity",
    units="Resource units/$",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"resource_usage_rate": 1, "industrial_output": 1},
)
def resource_use_intensity():
    """
    ADAPTIVE TECHNOLOGICAL CONTROL CARDS nonrenewable resource usage intensity (RESINT#--)
    """
    return resource_usage_rate() / industrial_output()
