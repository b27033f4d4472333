module spacedev/space-oracle

go 1.21

require (
	github.com/santhosh-tekuri/jsonschema/v5 v5.3.0
	gopkg.in/yaml.v3 v3.0.1
)
