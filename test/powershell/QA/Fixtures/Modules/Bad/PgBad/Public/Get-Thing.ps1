function Get-Thing {
    <#
    .SYNOPSIS
        A fixture command.

    .DESCRIPTION
        A fixture command whose help is complete, so that only the rule under test reports.

    .PARAMETER Name
        A name.

    .EXAMPLE
        Get-Thing -Name x

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

    $Name
}
