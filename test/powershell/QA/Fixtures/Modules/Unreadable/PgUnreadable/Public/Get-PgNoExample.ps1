<#
.SYNOPSIS
    Help without an example.

.DESCRIPTION
    A fixture command whose help is complete except that it shows no example at all.

.OUTPUTS
    None
#>
function Get-PgNoExample {  # expect: Help.Example
    [CmdletBinding()]
    [OutputType([void])]
    param ()
}
