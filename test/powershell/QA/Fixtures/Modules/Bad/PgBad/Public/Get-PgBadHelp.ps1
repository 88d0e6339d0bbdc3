<#
.DESCRIPTION
    Too short.

.PARAMETER Name
    A name.

.PARAMETER Ghost
    A parameter that does not exist.

.EXAMPLE
    Get-Something -Name x
#>
function Get-PgBadHelp {  # expect: Help.Synopsis, Help.Description, Help.ExampleName, Help.Outputs
    [CmdletBinding()]
    [OutputType([string])]
    param (
        [Parameter()]
        [string]
        $Name,

        [Parameter()]  # expect: Help.ParameterMissing
        [int]
        $Count
    )

    "$Name $Count"
}
