function Set-PgNoShouldProcess {
    <#
    .SYNOPSIS
        A fixture command.

    .DESCRIPTION
        A fixture command whose help is complete, so that only the rule under test reports.

    .PARAMETER Name
        A name.

    .EXAMPLE
        Set-PgNoShouldProcess -Name x

        Runs it.

    .OUTPUTS
        None
    #>
    [CmdletBinding()]  # expect: ShouldProcess.Missing
    [OutputType([void])]
    param (
        [Parameter()]
        [string]
        $Name
    )

    Invoke-PgBadWriter -Name $Name
}
