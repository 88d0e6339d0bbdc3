$script:Counter = 0  # expect: Layout.TopLevelCode

function Get-PgTwo {
    <#
    .SYNOPSIS
        A fixture command.

    .DESCRIPTION
        A fixture command whose help is complete, so that only the rule under test reports.

    .PARAMETER Name
        A name.

    .EXAMPLE
        Get-PgTwo -Name x

        Runs it.

    .OUTPUTS
        None
    #>
    [CmdletBinding()]
    [OutputType([void])]
    param (
        [Parameter()]
        [string]
        $Name
    )

    Get-PgTwoHelper -Name $Name
}

function Get-PgTwoHelper {  # expect: Layout.FunctionCount
    param ($Name)
    $Name
}
