# The simplified interim-measure decision (docs/performance.md) in Rego, for regorus.
# Dates are ISO strings, compared as strings; `null < "2021-07-06"` is true in Rego, so optional
# dates are tested against null first.
package bench

import rego.v1

some_application_expected if input.application_expected

some_application_expected if input.alternative_application_expected

outcome := "out-of-scope" if {
	input.agency_kind == "other"
	input.as_of < "2022-04-01"
} else := "registered" if {
	input.service_registered
} else := "new-1-i" if {
	input.alternative_exists
	input.multi_year_contract
	input.contract_signed_on < "2021-07-06"
	some_application_expected
} else := "new-1-ii" if {
	input.alternative_exists
	input.migration_large_impact
	input.alternative_application_expected
	input.migration_plan_on != null
	input.migration_plan_on <= "2022-03-31"
} else := "new-1-iii" if {
	input.alternative_exists
	input.under_construction
	input.construction_started_on != null
	input.construction_started_on < "2021-07-06"
	some_application_expected
} else := "new-2" if {
	input.saas
	input.needs_iaas_registration
	input.application_expected
} else := "principle-use"

contract_deadline := input.contract_extended_ends_on if {
	input.contract_extended_ends_on != null
} else := input.contract_ends_on

deadline := contract_deadline if {
	outcome in {"new-1-i", "new-1-iii"}
} else := input.migration_ends_on if {
	outcome == "new-1-ii"
} else := "2023-03-31" if {
	outcome == "new-2"
} else := null

status := "none" if {
	deadline == null
} else := "active" if {
	input.as_of <= deadline
} else := "expired"

result := {"outcome": outcome, "deadline": deadline, "status": status}
