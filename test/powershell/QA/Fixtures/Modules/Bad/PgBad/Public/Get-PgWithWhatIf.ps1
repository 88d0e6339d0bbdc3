function Get-PgWithWhatIf {
    <#
    .SYNOPSIS
        A fixture command.

    .DESCRIPTION
        A fixture command whose help is complete, so that only the rule under test reports.

    .PARAMETER Name
        A name.

    .EXAMPLE
        Get-PgWithWhatIf -Name x

        Runs it.

    .OUTPUTS
        None
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]  # expect: ShouldProcess.ReadOnly
    [OutputType([void])]
    param (
        [Parameter()]
        [string]
        $Name
    )

    if ($PSCmdlet.ShouldProcess($Name)) { $Name }
}
